import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { isIPv6 } from "node:net";
import { z } from "zod";
import { DEFAULT_POLICY, policyOverride } from "./rate-limit-policy";

const booleanString = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const positiveInt = z.coerce.number().int().positive();

/** A PEM RSA key that node can load; checked at boot so a broken key names its variable. */
const pemKey = (load: (pem: string) => KeyObject) =>
  z
    .string()
    .transform((value) => value.replace(/\\n/g, "\n"))
    .refine((value) => {
      try {
        return load(value).asymmetricKeyType === "rsa";
      } catch {
        return false;
      }
    }, "must be a PEM-encoded RSA key");

/** True when the keys belong together, or when either does not load (that is reported on its own variable). */
function samePublicKey(privatePem: string, publicPem: string): boolean {
  try {
    const derived = createPublicKey(createPrivateKey(privatePem)).export({ type: "spki", format: "der" });
    return derived.equals(createPublicKey(publicPem).export({ type: "spki", format: "der" }));
  } catch {
    return true;
  }
}

/**
 * Every environment variable the API reads, with its default. Parsed once at
 * boot; nothing else in the code base reads `process.env`.
 */
const schema = z
  .object({
    /** `development` | `test` | `production`. Production hides stack traces, introspection and field suggestions. Default `development`. */
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** TCP port of the HTTP and WebSocket server. Default 4000. */
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    /** Interface to bind. Default `0.0.0.0`. */
    HOST: z.string().min(1).default("0.0.0.0"),
    /** PostgreSQL connection string. Unset: embedded PGlite under `DATA_DIR`. */
    DATABASE_URL: z.string().url().optional(),
    /** Connections in the postgres.js pool (only with `DATABASE_URL`). Default 10. */
    DATABASE_POOL_MAX: positiveInt.default(10),
    /** Named prepared statements on each connection (only with `DATABASE_URL`); off behind a pooler that cannot keep them. Default true. */
    DATABASE_PREPARED_STATEMENTS: booleanString.default(true),
    /** Directory for the embedded database and generated signing keys. Default `./data`. */
    DATA_DIR: z.string().min(1).default("./data"),
    /** RS256 private key (PEM, `\n` escapes allowed). Unset: generated once and kept in `DATA_DIR`. */
    JWT_PRIVATE_KEY: pemKey(createPrivateKey).optional(),
    /** RS256 public key (PEM) matching `JWT_PRIVATE_KEY`. */
    JWT_PUBLIC_KEY: pemKey(createPublicKey).optional(),
    /** `iss` claim issued and required. Default `project-manager-auth`. */
    JWT_ISSUER: z.string().min(1).default("project-manager-auth"),
    /** `aud` claim issued and required. Default `project-manager-api`. */
    JWT_AUDIENCE: z.string().min(1).default("project-manager-api"),
    /** Access-token lifetime in seconds. Default 3600. */
    ACCESS_TOKEN_TTL: positiveInt.default(3600),
    /** Refresh-token (session) lifetime in seconds. Default 2592000 (30 days). */
    REFRESH_TOKEN_TTL: positiveInt.default(2_592_000),
    /** Whether `POST /auth/register` may create new workspaces. Default `true`. */
    ALLOW_REGISTRATION: booleanString.default(true),
    /** Whether `/docs` (Swagger UI over the OpenAPI document) and `/graphiql` are served. Default: on outside production. */
    API_DOCS: booleanString.optional(),
    /** Consecutive failed logins from one client address that lock the account from that address. Default 5. */
    LOGIN_MAX_FAILURES: positiveInt.default(5),
    /** How long a locked account stays locked, in seconds. Default 900. */
    LOGIN_LOCK_SECONDS: positiveInt.default(900),
    /** Longest a user read for display (an assignee, an author) is shown again without re-reading; 0 re-reads every request. Default 60. */
    USER_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /** Largest accepted request body in bytes. Default 1048576 (1 MB). */
    BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
    /** Comma-separated allowed CORS origins. Unset: any localhost origin outside production, none in production. */
    CORS_ORIGINS: z.string().optional(),
    /** Link put in password-reset mails; the token is appended as `?token=`. */
    PASSWORD_RESET_URL: z.string().url().default("http://localhost:3000/reset-password"),
    /** pino level: `fatal` … `trace`, or `silent`. Default `info`. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Longest wait for in-flight requests at shutdown, in milliseconds. Default 10000. */
    SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
    /** Deepest selection nesting a GraphQL operation (query, mutation or subscription) may have. Default 10. */
    GRAPHQL_MAX_DEPTH: positiveInt.default(10),
    /** Aliases per GraphQL operation. Default 15. */
    GRAPHQL_MAX_ALIASES: positiveInt.default(15),
    /** Directives per GraphQL operation. Default 50. */
    GRAPHQL_MAX_DIRECTIVES: positiveInt.default(50),
    /**
     * Cost per GraphQL operation, checked before it runs (`src/graphql/cost.ts`):
     * objects 2, scalars 1, counted per item a connection's page may hold. The
     * board query costs 861, 100 projects with a variable-sized page of issue
     * keys each about 31,000. Default 50000.
     */
    GRAPHQL_MAX_COST: positiveInt.default(50_000),
    /** Lexical tokens per GraphQL document, checked while parsing. Default 2000. */
    GRAPHQL_MAX_TOKENS: positiveInt.default(2000),
    /** Open subscription sockets allowed per user (across the instance). Default 10. */
    WS_MAX_CONNECTIONS_PER_USER: positiveInt.default(10),
    /** Subscriptions allowed per socket. Default 50. */
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt.default(50),
    /** Ping interval for subscription sockets in milliseconds; a socket that misses a pong is dropped. Default 12000. */
    WS_KEEPALIVE_MS: positiveInt.default(12_000),
    /**
     * Key that encrypts webhook signing secrets at rest: 32 bytes as 64 hex
     * characters or base64. Unset: generated once and kept in `DATA_DIR`.
     */
    WEBHOOK_SECRET_KEY: z
      .string()
      .refine((value) => /^[0-9a-fA-F]{64}$/.test(value) || Buffer.from(value, "base64").length === 32, "must be 32 bytes as 64 hex characters or base64")
      .optional(),
    /** Seconds before each retry of a failed webhook delivery, comma-separated, at most 5 retries. Default `30,120,600,3600,21600`. */
    WEBHOOK_RETRY_SCHEDULE: z
      .string()
      .regex(/^\d+(,\d+){0,4}$/, "comma-separated seconds, at most 5 retries, e.g. 30,120,600,3600,21600")
      .transform((value) => value.split(",").map(Number))
      .default([30, 120, 600, 3600, 21_600]),
    /** Deliveries failing in a row (each after its retries) that disable a hook. Default 20. */
    WEBHOOK_DISABLE_AFTER_FAILURES: positiveInt.default(20),
    /** Whether this API process also runs background jobs (webhook deliveries, mail, housekeeping); `npm run worker` runs them alone. Default true. */
    JOB_WORKERS: booleanString.default(true),
    /** Jobs one process runs at once. Default 8. */
    JOB_CONCURRENCY: positiveInt.max(1000).default(8),
    /** How long a claimed job is held before another process may take it, were its worker to die; renewed while it runs. Default 60. */
    JOB_LEASE_SECONDS: positiveInt.default(60),
    /** How often workers look for due jobs besides being notified (retries come due silently). Default 1000. */
    JOB_POLL_INTERVAL_MS: positiveInt.default(1000),
    /** Days events (the activity log) are kept before pruning. Default 90. */
    EVENT_RETENTION_DAYS: positiveInt.default(90),
    /** Reverse proxies in front of the API whose `X-Forwarded-For` is trusted for the client address. Default 0. */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Whether the rate limits of seed 001 §12.2 apply. Default true. */
    RATE_LIMIT_ENABLED: booleanString.default(true),
    /** JSON overriding parts of the rate-limit policy (tiers, endpoints, failed sign-ins per account). */
    RATE_LIMIT_POLICY: policyOverride.default(DEFAULT_POLICY),
    /** GraphQL cost that counts as one request against the hourly budget (the board query: 2 points). Default 500. */
    RATE_LIMIT_GRAPHQL_COST_PER_POINT: positiveInt.default(500),
    /** Redis for rate-limit counters shared by every instance (e.g. `redis://127.0.0.1:6379`); in process memory when unset. */
    REDIS_URL: z.string().url().optional(),
    /**
     * Bearer token `GET /metrics` requires (at least 16 characters). Unset: the
     * metrics are open to anyone who reaches the port, so set it in production.
     */
    METRICS_TOKEN: z
      .string()
      .min(16)
      .regex(/^[A-Za-z0-9._~+/=-]+$/, "use only letters, digits and - . _ ~ + / = (a bearer token)")
      .optional(),
    /**
     * Comma-separated host names or IP addresses webhook URLs may use although
     * they resolve to private or loopback addresses (an internal receiver, tests).
     * Each entry allows only itself. Default none.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default("")
      .transform((value) => value.split(",").map((host) => host.trim()).filter(Boolean))
      .refine(
        (hosts) => hosts.every((host) => /^[A-Za-z0-9.-]+$/.test(host) || isIPv6(host.replace(/^\[(.*)\]$/, "$1"))),
        "use host names or IP addresses, without scheme or port",
      ),
    /** Longest one webhook delivery attempt may take, from connecting to reading the response, in milliseconds. Default 30000 (seed 001 §14.4). */
    WEBHOOK_TIMEOUT_MS: positiveInt.default(30_000),
  })
  .refine((env) => Boolean(env.JWT_PRIVATE_KEY) === Boolean(env.JWT_PUBLIC_KEY), {
    message: "JWT_PRIVATE_KEY and JWT_PUBLIC_KEY must be set together",
    path: ["JWT_PUBLIC_KEY"],
  })
  .refine((env) => !env.JWT_PRIVATE_KEY || !env.JWT_PUBLIC_KEY || samePublicKey(env.JWT_PRIVATE_KEY, env.JWT_PUBLIC_KEY), {
    message: "does not match JWT_PRIVATE_KEY",
    path: ["JWT_PUBLIC_KEY"],
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/**
 * Parses the environment into a typed config. Empty strings count as unset so
 * `FOO=` in a shell file falls back to the default. Throws a ConfigError naming
 * each offending variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}

/** For a process entry point: the config, or the offending variables on stderr and exit code 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
