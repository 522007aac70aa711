/** The API benchmark's knobs, all from the environment. */
export interface BenchSettings {
  /**
   * The database the benchmark drops, recreates and loads: `BENCH_API_DATABASE`
   * (default `bench_api`) on the server of `BENCH_DATABASE_URL` (default
   * `postgres://postgres@127.0.0.1:5432`). Only the name of the dedicated
   * database is taken from the former, so the URL the fan-out benchmark also
   * reads can never make this one drop a database of real use.
   */
  databaseUrl: string;
  /** `BENCH_SCALE`: fraction of the full dataset (20,000 issues, 50,000 comments). Default 1; CI uses 0.02. */
  scale: number;
  /** `BENCH_DURATION`: seconds of each measured run. Default 10. */
  durationSeconds: number;
  /** `BENCH_WARMUP`: seconds of load before a scenario's first measured run, per server, not recorded. Default 3. */
  warmupSeconds: number;
  /** `BENCH_ROUNDS`: A/B rounds per scenario and connection count; medians are reported. Default 3. */
  rounds: number;
  /** `BENCH_CONNECTIONS`: concurrent connections, comma-separated. Default `10,50`. */
  connections: number[];
  /** `BENCH_SCENARIOS`: scenario ids to run, comma-separated. Default all. */
  scenarios: string[] | null;
  /** `BENCH_STATEMENT_SAMPLES`: sequential requests per scenario that statements are counted over. Default 20. */
  statementSamples: number;
  /** `BENCH_CPU_PROF`: directory for a `--cpu-prof` profile of the API under load. Unset: no profile. */
  cpuProfileDir: string | null;
}

const positive = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};

const list = (name: string): string[] | null => {
  const raw = process.env[name];
  return raw ? raw.split(",").map((item) => item.trim()).filter(Boolean) : null;
};

function benchDatabaseUrl(): string {
  const url = new URL(process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432");
  const name = process.env.BENCH_API_DATABASE || "bench_api";
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_API_DATABASE must be a plain lowercase name, got "${name}"`);
  url.pathname = `/${name}`;
  return url.toString();
}

export function loadSettings(): BenchSettings {
  return {
    databaseUrl: benchDatabaseUrl(),
    scale: positive("BENCH_SCALE", 1),
    durationSeconds: positive("BENCH_DURATION", 10),
    warmupSeconds: positive("BENCH_WARMUP", 3),
    rounds: Math.round(positive("BENCH_ROUNDS", 3)),
    connections: (list("BENCH_CONNECTIONS") ?? ["10", "50"]).map(Number),
    scenarios: list("BENCH_SCENARIOS"),
    statementSamples: Math.round(positive("BENCH_STATEMENT_SAMPLES", 20)),
    cpuProfileDir: process.env.BENCH_CPU_PROF || null,
  };
}
