import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { loadSigningKeys } from "../auth/signing-keys";
import { ConfigError, type Config } from "../config";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { runMigrations } from "../db/migrate";
import { buildExecutableSchema } from "../graphql/build-schema";
import type { GraphQLDeps } from "../graphql/context";
import { LogMailTransport, type MailTransport } from "../adapters/mail/mail-transport";
import { routeTable } from "../rest-bridge/route-table";
import type { RestRoute } from "../rest-bridge/route";
import { compiledExecution } from "../graphql/execution/compiled-execution";
import { createApollo } from "./apollo";
import { createApp } from "./app";
import { expressMessages } from "../platform/express-messages";
import { limitRules, parseOptions } from "../graphql/limits";
import { createLogger } from "./logger";
import { createMetrics, type Metrics } from "./metrics";
import { startWebSocketServer } from "./websocket";
import { EventBus } from "../events/bus";
import { JobWorker, queueStats } from "../jobs";
import { scheduleHousekeeping } from "../jobs/housekeeping";
import { jobHandlers, type JobDeps } from "../jobs/handlers";
import { LiveFeed } from "../graphql/live/live-feed";
import { openLoginGuard } from "../services/common";
import { userViewCacheOf } from "../db/queries/user-view-cache";
import { rateLimitPlugin } from "./rate-limit/graphql-plugin";
import { RateLimits } from "./rate-limit/rate-limits";
import { memoryStore, redisStore } from "./rate-limit/store";
import { assertWebhookKeyMatches, serviceSettings, webhookSettings } from "./service-settings";

const USER_CACHE_MAX_ENTRIES = 10_000;

export interface ServerOverrides {
  log?: Logger;
  /** An already-open database (tests create one per file); it is closed on stop. */
  database?: DatabaseHandle;
  mail?: MailTransport;
  /** Extra REST routes after the documented table (tests use this for a deprecated route). */
  extraRoutes?: RestRoute[];
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  database: DatabaseHandle;
  bus: EventBus;
  feed: LiveFeed;
  sockets: { readonly size: number };
  /** Stops accepting, lets in-flight requests finish (bounded), closes the database. */
  stop(): Promise<void>;
}

/** Listen failures a setting explains, said as the setting to change; any other failure stays an error. */
const LISTEN_FAILURES: Record<string, (config: Config) => string> = {
  EADDRINUSE: (config) => `Port ${config.PORT} is already in use (PORT)`,
  EACCES: (config) => `Port ${config.PORT} needs privileges this process does not have (PORT)`,
  EADDRNOTAVAIL: (config) => `Address ${config.HOST} is not on this machine (HOST)`,
};

/** Listens on PORT and HOST; a port in use (or the like) rejects with a ConfigError, as a bad setting does. */
function listen(httpServer: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      const explain = error.code ? LISTEN_FAILURES[error.code] : undefined;
      reject(explain ? new ConfigError(explain(config)) : error);
    };
    httpServer.once("error", fail);
    httpServer.listen(config.PORT, config.HOST, () => {
      httpServer.off("error", fail);
      resolve();
    });
  });
}

/** Background jobs in this process, beside the API: the default for a single instance. */
export async function startJobWorker(config: Config, deps: JobDeps, database: DatabaseHandle, metrics?: Metrics): Promise<JobWorker> {
  const worker = new JobWorker(
    database,
    jobHandlers(deps),
    {
      concurrency: config.JOB_CONCURRENCY,
      pollIntervalMs: config.JOB_POLL_INTERVAL_MS,
      leaseMs: config.JOB_LEASE_SECONDS * 1000,
      stopTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      onAttempt: metrics ? (name, outcome, seconds) => metrics.jobAttempts.observe({ job: name, outcome }, seconds) : undefined,
    },
    deps.log,
  );
  await scheduleHousekeeping(database.db);
  await worker.start();
  return worker;
}

export async function startServer(config: Config, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  const production = config.NODE_ENV === "production";
  const database =
    overrides.database ??
    (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX, preparedStatements: config.DATABASE_PREPARED_STATEMENTS }));
  await runMigrations(database, config.DATABASE_URL);
  const webhooks = webhookSettings(config);
  await assertWebhookKeyMatches(database.db, webhooks).catch(async (error: unknown) => {
    if (!overrides.database) await database.close();
    throw error;
  });
  const keys = await loadSigningKeys({
    privateKeyPem: config.JWT_PRIVATE_KEY,
    publicKeyPem: config.JWT_PUBLIC_KEY,
    dataDir: config.DATA_DIR,
  });
  const bus = new EventBus(database, log);
  await bus.start();
  const rateLimits = config.RATE_LIMIT_ENABLED
    ? new RateLimits(config.RATE_LIMIT_POLICY, config.REDIS_URL ? await redisStore(config.REDIS_URL) : memoryStore(), (policy) =>
        // Rejections only happen once the server below is listening, by when the metrics exist.
        metrics.rateLimitRejections.inc({ limit: policy }),
      )
    : null;
  const userViews = userViewCacheOf(database.db, { ttlMs: config.USER_CACHE_SECONDS * 1000, maxEntries: USER_CACHE_MAX_ENTRIES });
  // Registered before the live feed, so a batch's user changes are forgotten before its events are delivered.
  bus.onEvents((batch) => userViews.forgetChangedUsers(batch));
  const deps: GraphQLDeps = {
    db: database.db,
    userViews,
    feed: new LiveFeed(database.db, userViews, bus, log),
    log,
    mail: overrides.mail ?? new LogMailTransport(log, !production),
    tokens: { keys, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL },
    settings: serviceSettings(config),
    loginGuard: rateLimits?.loginGuard ?? openLoginGuard,
    webhooks,
  };
  const schema = await buildExecutableSchema();
  const execute = compiledExecution(schema);
  const messages = expressMessages();
  const httpServer: Server = createServer({ IncomingMessage: messages.IncomingMessage, ServerResponse: messages.ServerResponse });
  const limits = {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
    maxCost: config.GRAPHQL_MAX_COST,
    maxTokens: config.GRAPHQL_MAX_TOKENS,
  };
  const validationRules = limitRules(limits);
  const sockets = startWebSocketServer({
    httpServer,
    schema,
    execute,
    validationRules,
    parseOptions: parseOptions(limits),
    deps,
    bus,
    log,
    production,
    maxConnectionsPerUser: config.WS_MAX_CONNECTIONS_PER_USER,
    maxSubscriptionsPerConnection: config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    keepAliveMs: config.WS_KEEPALIVE_MS,
  });
  const metrics = createMetrics({ database, sockets, jobs: () => queueStats(database.db) });
  const apollo = createApollo({
    schema,
    execute,
    validationRules,
    parseOptions: parseOptions(limits),
    httpServer,
    production,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    plugins: rateLimits ? [rateLimitPlugin(rateLimits, config.RATE_LIMIT_GRAPHQL_COST_PER_POINT)] : [],
    metrics,
  });
  await apollo.start();
  const routes = [...routeTable, ...(overrides.extraRoutes ?? [])];
  const app = createApp({ config, routes, deps, database, keys, schema, execute, apollo, rateLimits, metrics });
  messages.replaceAppPrototypes(app);
  httpServer.on("request", app);
  const worker = config.JOB_WORKERS ? await startJobWorker(config, { ...deps, eventRetentionDays: config.EVENT_RETENTION_DAYS }, database, metrics) : null;
  await listen(httpServer, config);
  httpServer.on("error", (error) => log.error({ err: error }, "HTTP server error"));
  const { port } = httpServer.address() as AddressInfo;
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  log.info({ port, database: database.kind }, "API listening");

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await worker?.stop();
      // Sockets close first (1001): the HTTP drain below does not track upgraded connections.
      await sockets.stop();
      // The drain plugin closes the listener and waits for in-flight requests up to the grace period.
      await apollo.stop();
      await bus.stop();
      await rateLimits?.close();
      await database.close();
    })());
  return { url: `http://${host}:${port}`, port, httpServer, database, bus, feed: deps.feed, sockets, stop };
}
