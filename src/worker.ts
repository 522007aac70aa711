import { ConfigError, loadConfigOrExit } from "./config";
import { LogMailTransport } from "./adapters/mail/mail-transport";
import { openDatabase } from "./db/client";
import { runMigrations } from "./db/migrate";
import { createLogger } from "./http/logger";
import { startJobWorker } from "./http/server";
import { assertWebhookKeyMatches, serviceSettings, webhookSettings } from "./http/service-settings";

/**
 * `npm run worker`: background jobs only (webhook deliveries, mail,
 * housekeeping), so a deployment scales them apart from the API. Run the
 * API with `JOB_WORKERS=false` beside it, or both keep working jobs.
 */
const config = loadConfigOrExit();

if (!config.DATABASE_URL) {
  // PGlite is one process's database: the API runs the jobs itself (JOB_WORKERS).
  console.error("npm run worker needs DATABASE_URL: the embedded PGlite serves one process, whose JOB_WORKERS run the jobs");
  process.exit(1);
}

const log = createLogger(config.LOG_LEVEL);
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DATABASE_POOL_MAX, preparedStatements: config.DATABASE_PREPARED_STATEMENTS });
await runMigrations(database, config.DATABASE_URL);
const webhooks = webhookSettings(config);
await assertWebhookKeyMatches(database.db, webhooks).catch(async (error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  await database.close();
  process.exit(1);
});
const worker = await startJobWorker(config, {
  db: database.db,
  log,
  mail: new LogMailTransport(log, config.NODE_ENV !== "production"),
  settings: serviceSettings(config),
  webhooks,
  eventRetentionDays: config.EVENT_RETENTION_DAYS,
}, database);
log.info({ concurrency: config.JOB_CONCURRENCY, database: database.kind }, "worker started");

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "worker shutting down");
    worker
      .stop()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, "worker shutdown failed");
          process.exit(1);
        },
      );
  });
}
