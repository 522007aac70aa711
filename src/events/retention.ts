import { lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import { events } from "../db/tables";

const HOUR_MS = 3_600_000;

/**
 * Deletes events older than `retentionDays` now and then every hour. Events
 * are the activity log and the source for webhooks and notifications, so
 * they are kept that long; deleting is idempotent, so several instances may
 * prune at once.
 */
export function startEventRetention(db: Database, retentionDays: number, log: Logger): () => void {
  const prune = async () => {
    try {
      await db.delete(events).where(lt(events.createdAt, sql`now() - make_interval(days => ${retentionDays})`));
    } catch (error) {
      log.error({ err: error }, "event pruning failed");
    }
  };
  void prune();
  const timer = setInterval(prune, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
