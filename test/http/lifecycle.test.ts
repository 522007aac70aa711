import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
  port: Promise<number>;
  exit: Promise<{ code: number | null; stderr: string; stdout: string }>;
  kill(signal: NodeJS.Signals): void;
}

function runMain(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
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
  return { port, exit, kill: (signal) => child.kill(signal) };
}

describe("the process", () => {
  it("refuses to start on a bad setting and names the variable", async () => {
    const { code, stderr } = await runMain({ PORT: "not-a-port" }).exit;
    expect(code).toBe(1);
    expect(stderr).toContain("PORT");
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
});
