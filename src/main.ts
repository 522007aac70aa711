import { ConfigError, loadConfigOrExit } from "./config";
import { createLogger } from "./http/logger";
import { startServer } from "./http/server";

const config = loadConfigOrExit();

const log = createLogger(config.LOG_LEVEL);
const server = await startServer(config, { log }).catch((error: unknown) => {
  // A setting the machine cannot honour (a port in use) reads like a bad setting: one line, no stack.
  if (error instanceof ConfigError) console.error(error.message);
  else log.fatal({ err: error }, "failed to start");
  process.exit(1);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "shutting down");
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
