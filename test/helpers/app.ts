import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config/config";
import { createLogger } from "../../src/http/logger";
import { startServer, type RunningServer, type ServerOverrides } from "../../src/http/server";
import { createTestDatabase } from "./database";

export interface HttpResult<Body = any> {
  status: number;
  headers: Headers;
  body: Body;
}

export interface RestOptions {
  body?: unknown;
  /** Sent as-is, for malformed or non-JSON bodies. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  url: string;
  /** The PostgreSQL database of this app when testing against a server (unset on PGlite). */
  databaseUrl?: string;
  server: RunningServer;
  dataDir: string;
  /** Parsed JSON log lines written so far. */
  logs: Record<string, any>[];
  rest(method: string, path: string, options?: RestOptions): Promise<HttpResult>;
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<HttpResult>;
  /** The signing keys the app generated, for forging tokens in tests. */
  privateKeyPem(): string;
  publicKeyPem(): string;
  stop(): Promise<void>;
}

async function send(url: string, init: RequestInit): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: tests assert on the text.
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * Another instance of `app`'s API on the same PostgreSQL database, with its
 * signing keys, as a second process of a deployment would be. PGlite serves
 * one process, so callers run only when `app.databaseUrl` is set.
 */
export function startSecondInstance(app: TestApp, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATA_DIR: app.dataDir, DATABASE_URL: app.databaseUrl!, LOG_LEVEL: "silent", ...env });
  return startServer(config, { log: createLogger("silent") });
}

/** The token of the `count`-th password-reset mail `app` sent to `email`; mails go out after the response, so this waits. */
export async function mailedResetToken(app: TestApp, email: string, count = 1): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mails = app.logs.filter((line) => line.mail?.to === email);
    if (mails.length >= count) return new URL(/https?:\S+/.exec(mails.at(-1)!.mail.text)![0]).searchParams.get("token")!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no mail to ${email}`);
}

/** Starts the real server on an ephemeral port with a database of its own. */
export async function startTestApp(env: Record<string, string> = {}, overrides: Pick<ServerOverrides, "extraRoutes"> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), "pm-test-"));
  const config: Config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    // Suites send hundreds of requests from one address; the rate-limit suite switches limits on.
    RATE_LIMIT_ENABLED: "false",
    // Retries come due between notifications: look often.
    JOB_POLL_INTERVAL_MS: "100",
    ...(database.url ? { DATABASE_URL: database.url, DATABASE_POOL_MAX: "5" } : {}),
    ...env,
  });
  const logs: Record<string, any>[] = [];
  const log = createLogger(config.LOG_LEVEL, {
    write: (line: string) => void logs.push(JSON.parse(line)),
  });
  const server = await startServer(config, { log, database: database.handle, ...overrides });
  const url = server.url;

  return {
    url,
    databaseUrl: database.url,
    server,
    dataDir,
    logs,
    rest: (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers["content-type"] ??= "application/json";
      }
      return send(`${url}${path}`, { method, headers, body });
    },
    gql: (query, variables, token) =>
      send(`${url}/api/v1/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      }),
    privateKeyPem: () => readFileSync(join(dataDir, "jwt-private.pem"), "utf8"),
    publicKeyPem: () => readFileSync(join(dataDir, "jwt-public.pem"), "utf8"),
    stop: async () => {
      await server.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
