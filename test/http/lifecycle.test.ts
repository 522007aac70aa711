import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config";
import { createLogger } from "../../src/http/logger";
import { startServer } from "../../src/http/server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { PASSWORD } from "../helpers/factories";

const dataDirs: string[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** A data directory plus, when testing against a server, a database of its own; PGlite otherwise persists in the directory. */
async function persistentEnv(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), "pm-life-"));
  dataDirs.push(dataDir);
  const env: Record<string, string> = { DATA_DIR: dataDir, NODE_ENV: "test", LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1" };
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    databases.push(database);
    env.DATABASE_URL = database.url!;
  }
  return env;
}

const json = async (url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> => {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  return { status: response.status, body: await response.json() };
};

describe("restarts", () => {
  it("keep the data and the generated signing key, so issued tokens stay valid", async () => {
    const env = await persistentEnv();
    const config = loadConfig(env);
    const log = createLogger("silent");
    const first = await startServer(config, { log });
    const registered = await json(`${first.url}/api/v1/auth/register`, {
      method: "POST",
      body: JSON.stringify({ email: "keep@example.com", password: PASSWORD, username: "keeper", first_name: "K", last_name: "P" }),
    });
    await first.stop();

    const second = await startServer(config, { log });
    try {
      const { access_token: token, user } = registered.body.data;
      const read = await json(`${second.url}/api/v1/users/${user.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(read.status).toBe(200);
      expect(read.body.data.email).toBe("keep@example.com");
    } finally {
      await second.stop();
    }
  });
});

interface Child {
  pid: number;
  port: Promise<number>;
  exit: Promise<{ code: number | null; stderr: string; stdout: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs the server as `command` does (by default node on src/main.ts, as the start script does without npm). */
function runMain(env: Record<string, string>, command = [process.execPath, "--import", "tsx", "src/main.ts"]): Child {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let resolvePort: (port: number) => void;
  const port = new Promise<number>((resolve) => (resolvePort = resolve));
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    const match = /"port":(\d+).*"msg":"API listening"/.exec(stdout);
    if (match) resolvePort(Number(match[1]));
  });
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr, stdout })),
  );
  return { pid: child.pid!, port, exit, kill: (signal) => child.kill(signal) };
}

/** The processes started under `root` (Linux: read from /proc), so a test can check none outlives it. */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  for (let next = [root]; next.length; ) {
    next = next.flatMap((pid) => children.get(pid) ?? []);
    found.push(...next);
  }
  return found;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

/** `promise`, or a failure naming `what` once `ms` have passed. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("the process", () => {
  it("refuses to start on a bad setting and names the variable", async () => {
    const { code, stderr } = await runMain({ PORT: "not-a-port" }).exit;
    expect(code).toBe(1);
    expect(stderr).toContain("PORT");
  });

  it("refuses to start on a port in use with one line naming it, no stack trace", async () => {
    const occupant = createServer();
    await new Promise<void>((resolve) => occupant.listen(0, "127.0.0.1", resolve));
    const { port } = occupant.address() as AddressInfo;
    try {
      const env = await persistentEnv();
      const { code, stderr, stdout } = await within(30_000, "failing to start", runMain({ ...env, PORT: String(port), LOG_LEVEL: "info" }).exit);
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${port} is already in use (PORT)\n`);
      expect(stderr).not.toMatch(/^\s+at |Unhandled|Error/m);
      expect(stdout).not.toMatch(/"stack"|"level":"fatal"/);
    } finally {
      await new Promise((resolve) => occupant.close(resolve));
    }
  });

  it.each(["test", "production"])("finishes in-flight requests on SIGTERM and exits 0 (NODE_ENV=%s)", async (nodeEnv) => {
    const env = await persistentEnv();
    const child = runMain({ ...env, NODE_ENV: nodeEnv, LOG_LEVEL: "info" });
    const port = await child.port;
    const base = `http://127.0.0.1:${port}`;
    // Registration hashes a password, so it is still running when the signal arrives.
    const inFlight = json(`${base}/api/v1/auth/register`, {
      method: "POST",
      body: JSON.stringify({ email: "late@example.com", password: PASSWORD, username: "late", first_name: "L", last_name: "T" }),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGTERM");
    expect((await inFlight).status).toBe(201);
    const { code, stdout } = await child.exit;
    expect(code).toBe(0);
    expect(stdout).toContain("shutting down");
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it("stops gracefully when the npm running `npm start` gets SIGTERM, leaving no process behind", async () => {
    const env = await persistentEnv();
    const npm = runMain(
      { ...env, HOME: process.env.HOME ?? tmpdir(), LOG_LEVEL: "info", npm_config_update_notifier: "false" },
      ["npm", "start"],
    );
    const port = await within(30_000, "starting through npm", npm.port);
    const tree = descendantsOf(npm.pid);
    expect(tree.length).toBeGreaterThan(0);
    try {
      npm.kill("SIGTERM");
      const { code, stdout } = await within(10_000, "stopping after SIGTERM", npm.exit);
      expect(stdout).toContain('"msg":"shutting down"');
      expect(code).toBe(0);
      // A helper process (tsx's esbuild service) notices its parent's exit a moment later.
      for (let waited = 0; waited < 3000 && tree.some(isAlive); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(tree.filter(isAlive)).toEqual([]);
      expect(await portIsFree(port)).toBe(true);
    } finally {
      // A failed run must not leave a server behind.
      for (const pid of [npm.pid, ...tree].filter(isAlive)) process.kill(pid, "SIGKILL");
    }
  }, 60_000);
});
