import { lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { events } from "../db/tables";

/**
 * Deletes events older than `retentionDays`. Events are the activity log and
 * the source for webhooks and notifications, so they are kept that long;
 * deleting is idempotent, so several instances may prune at once.
 */
export async function pruneEvents(db: Database, retentionDays: number): Promise<void> {
  await db.delete(events).where(lt(events.createdAt, sql`now() - make_interval(days => ${retentionDays})`));
}
