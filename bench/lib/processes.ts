/**
 * Server processes for benchmarks: started pinned to core 0 (when `taskset`
 * exists) while the driver that loads them moves itself to core 1, so the
 * server under test and the load generator do not take turns on one core.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** Moves the calling (driver) process to core 1; a no-op without taskset. */
export function pinDriver(): void {
  if (hasTaskset) spawnSync("taskset", ["-cp", "1", String(process.pid)]);
}

/**
 * The node arguments of `npm start`, so a benchmarked API runs as it does in
 * production. Its flags are package.json's `config.node_flags`, the one place
 * they are written: the start script passes them to node as
 * `$npm_package_config_node_flags`, and this reads the same field.
 */
export function apiNodeArgs(): string[] {
  const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  const flags = packageJson.config?.node_flags;
  if (typeof flags !== "string") throw new Error('package.json has no "config": { "node_flags": "…" } for `npm start`');
  return [...flags.split(/\s+/).filter(Boolean), "--import", "tsx", "src/main.ts"];
}

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The API's pino lines at warn or above; other output of a server under test (per-request logs) is dropped. */
const LOUD = /"level":"(warn|error|fatal)"/;

/**
 * Starts `node <args>` pinned to core 0 and waits for the stdout line that
 * names its port (`portOf` returns it, or null for any other line).
 */
export function startChild(args: string[], env: Record<string, string>, portOf: (line: string) => number | null): Promise<Child> {
  const command = hasTaskset ? "taskset" : process.execPath;
  const argv = hasTaskset ? ["-c", "0", process.execPath, ...args] : args;
  const child: ChildProcess = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buffer = "";
    let started = false;
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited early with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (LOUD.test(line)) process.stderr.write(`${line}\n`);
      if (started) return;
      buffer += chunk.toString();
      for (const line of buffer.split("\n")) {
        const port = portOf(line);
        if (port) {
          started = true;
          child.removeAllListeners("exit");
          resolve({
            url: `http://127.0.0.1:${port}`,
            // taskset execs the command, so this is node's own pid.
            pid: child.pid!,
            stop: () =>
              new Promise((done) => {
                if (child.exitCode !== null) return done();
                child.once("exit", () => done());
                child.kill("SIGTERM");
              }),
          });
          return;
        }
      }
    });
  });
}

/** Resident set size of a process, in KB. */
export function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;

/**
 * CPU seconds (user + system) a process has used. Per request, it measures
 * a server's own work, which waiting for a busy machine's cores does not
 * inflate the way it inflates latency.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name, which may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
