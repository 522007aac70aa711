/**
 * API benchmark: our API against a raw Express + postgres.js floor and
 * PostGraphile v4, on the same generated dataset, in the same run. The
 * GraphQL board is compared with both: PostGraphile, and the floor answering
 * it with one json_agg statement (scenarios `board` and `board-floor`).
 *
 *   npm run bench:api
 *   BENCH_SCALE=0.02 BENCH_DURATION=2 BENCH_WARMUP=1 BENCH_ROUNDS=1 BENCH_CONNECTIONS=10 npm run bench:api   # smoke run
 *
 * 1. Recreates and loads its database (BENCH_API_DATABASE on the server of
 *    BENCH_DATABASE_URL; every setting is in settings.ts).
 * 2. Starts the three servers behind statement counters, signs in, checks
 *    that subject and baseline give the same answers, and counts SQL
 *    statements per request; stops them.
 * 3. Starts them again connected directly, pinned to core 0 (this driver
 *    moves to core 1), and per scenario and connection count: warms both
 *    up, then runs subject and baseline alternately for BENCH_ROUNDS rounds.
 *    Where a goal bounds p95, the subject then runs as many rounds at the
 *    baseline's median throughput, paced (paced-load.ts).
 * 4. Writes medians and ratios to bench/results/latest.{md,json}.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { cpuSeconds, hasTaskset, pinDriver, rssKb } from "../lib/processes";
import { send } from "./client";
import { loadDataset } from "./dataset";
import { BENCH_PASSWORD } from "./dataset-rows";
import { runLoad } from "./load";
import { runPacedLoad } from "./paced-load";
import { median, writeReport, summariseRounds, type Measurement, type Rounds } from "./report";
import { defineScenarios, type Scenario, type ServerName, type Side } from "./scenarios";
import { startServers, stopServers, type Servers } from "./servers";
import { loadSettings } from "./settings";
import { startStatementCounter } from "./statement-counter";
import { countStatements } from "./statements";

const SERVER_NAMES: ServerName[] = ["api", "floor", "postgraphile"];
const log = (message: string) => console.log(`[bench:api] ${message}`);

pinDriver();
const settings = loadSettings();
const loadBefore = Math.round(loadavg()[0]! * 100) / 100;

async function postgresVersion(url: string): Promise<string> {
  const sql = postgres(url, { max: 1 });
  try {
    const [row] = await sql`select current_setting('server_version') as version`;
    return `PostgreSQL ${row!.version}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function signIn(apiUrl: string, email: string): Promise<string> {
  const answer = await send(apiUrl, {
    method: "POST",
    path: "/api/v1/auth/login",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data.access_token;
}

async function measure(servers: Servers, side: Side, connections: number, seconds: number): Promise<Measurement> {
  const server = servers[side.server];
  const cpuBefore = cpuSeconds(server.pid);
  const result = await runLoad({ url: server.url, requests: side.requests, status: side.status, connections, seconds });
  const cpuMsPerRequest = ((cpuSeconds(server.pid) - cpuBefore) * 1000) / Math.max(result.responses, 1);
  return { ...result, cpuMsPerRequest, rssKb: rssKb(server.pid) };
}

async function timeScenario(servers: Servers, scenario: Scenario, connections: number): Promise<Rounds> {
  const rounds: Rounds = { scenario, connections, subject: [], baseline: [] };
  for (const side of [scenario.subject, scenario.baseline]) await measure(servers, side, connections, settings.warmupSeconds);
  for (let round = 0; round < settings.rounds; round++) {
    // Alternate who goes first, so drift in the machine's load does not favour one side.
    const order = round % 2 === 0 ? (["subject", "baseline"] as const) : (["baseline", "subject"] as const);
    for (const which of order) rounds[which].push(await measure(servers, scenario[which], connections, settings.durationSeconds));
  }
  if (scenario.goal?.maxP95Ms !== undefined) {
    // The goal's "p95 at that rate": the API sent the baseline's median throughput on a fixed schedule.
    rounds.paced = { rate: median(rounds.baseline.map((run) => run.rps)), runs: [] };
    for (let round = 0; round < settings.rounds; round++) {
      rounds.paced.runs.push(
        runPacedLoad({
          url: servers[scenario.subject.server].url,
          requests: scenario.subject.requests,
          status: scenario.subject.status,
          rate: rounds.paced.rate,
          connections,
          seconds: settings.durationSeconds,
        }),
      );
    }
  }
  const last = (runs: Measurement[]) => runs.at(-1)!;
  const [subjectRps, baselineRps] = [last(rounds.subject).rps, last(rounds.baseline).rps];
  log(
    `${scenario.id} @${connections}: API ${subjectRps.toFixed(0)} req/s, ${scenario.baseline.label} ${baselineRps.toFixed(0)} req/s (API ÷ baseline ${(subjectRps / Math.max(baselineRps, 1e-9)).toFixed(2)}×)`,
  );
  return rounds;
}

async function main() {
  log(`loading dataset at scale ${settings.scale} into ${settings.databaseUrl}`);
  const facts = await loadDataset(settings.databaseUrl, settings.scale);
  const dataDir = mkdtempSync(join(tmpdir(), "bench-api-"));
  try {
    log("counting SQL statements per request and checking answers");
    const counters = Object.fromEntries(
      await Promise.all(SERVER_NAMES.map(async (name) => [name, await startStatementCounter(settings.databaseUrl)] as const)),
    ) as Record<ServerName, Awaited<ReturnType<typeof startStatementCounter>>>;
    const counted = await startServers({
      databaseUrls: Object.fromEntries(SERVER_NAMES.map((name) => [name, counters[name].url])) as Record<ServerName, string>,
      facts,
      dataDir,
    });
    const token = await signIn(counted.api.url, facts.actor.email);
    const scenarios = defineScenarios(facts, token).filter((scenario) => !settings.scenarios || settings.scenarios.includes(scenario.id));
    let statements;
    try {
      statements = await countStatements(scenarios, counted, counters, settings.statementSamples);
    } finally {
      await stopServers(counted);
      await Promise.all(Object.values(counters).map((counter) => counter.close()));
    }

    log("timing");
    const direct = Object.fromEntries(SERVER_NAMES.map((name) => [name, settings.databaseUrl])) as Record<ServerName, string>;
    const servers = await startServers({ databaseUrls: direct, facts, dataDir, cpuProfileDir: settings.cpuProfileDir });
    const rounds: Rounds[] = [];
    try {
      for (const scenario of scenarios) {
        for (const connections of settings.connections) rounds.push(await timeScenario(servers, scenario, connections));
      }
    } finally {
      await stopServers(servers);
    }

    const environment = {
      date: new Date().toISOString().slice(0, 10),
      cpu: cpus()[0]?.model.trim() ?? "unknown",
      cores: cpus().length,
      node: process.version,
      postgres: await postgresVersion(settings.databaseUrl),
      pinned: hasTaskset,
      loadAverage: { before: loadBefore, after: Math.round(loadavg()[0]! * 100) / 100 },
      settings: {
        scale: settings.scale,
        durationSeconds: settings.durationSeconds,
        warmupSeconds: settings.warmupSeconds,
        rounds: settings.rounds,
        statementSamples: settings.statementSamples,
      },
      dataset: facts.counts,
    };
    console.log(`\n${writeReport(environment, summariseRounds(rounds, statements))}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
