import type { Logger } from "pino";
import type { Database } from "../db/client";
import { pruneEvents } from "./event-retention";
import { pruneExpiredKeys } from "../services/idempotency";
import { pruneLoginFailures } from "../services/auth";

const HOUR_MS = 3_600_000;

/**
 * Hourly pruning, started by every instance (each task is idempotent):
 * events past their retention, idempotency keys past 24 hours and sign-in
 * failures a day after the last one from an address. Runs once
 * at start, so a long-stopped deployment catches up at once.
 */
export function startHousekeeping(db: Database, settings: { eventRetentionDays: number }, log: Logger): () => void {
  const tasks: [string, () => Promise<void>][] = [
    ["events", () => pruneEvents(db, settings.eventRetentionDays)],
    ["idempotency keys", () => pruneExpiredKeys(db)],
    ["sign-in failures", () => pruneLoginFailures(db)],
  ];
  const run = () =>
    Promise.all(
      tasks.map(([name, task]) => task().catch((error: unknown) => log.error({ err: error, task: name }, "housekeeping task failed"))),
    );
  void run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
