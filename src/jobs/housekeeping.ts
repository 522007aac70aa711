import { and, eq, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import { jobs, webhookDeliveries } from "../db/tables";
import { pruneEvents } from "./event-retention";
import { pruneExpiredKeys } from "../services/idempotency";
import { pruneLoginFailures } from "../services/auth";
import { enqueue } from "./queue";
import type { JobHandler } from "./job-handler";

export const HOUSEKEEPING_JOB = "housekeeping";
const HOUR_MS = 3_600_000;

const olderThan = (days: number) => sql`now() - make_interval(days => ${days})`;

/**
 * Hourly pruning, one run at a time for the whole deployment: events,
 * webhook deliveries and failed jobs past the retention, idempotency keys
 * past 24 hours, sign-in failures a day after the last one from an address.
 * A failing task is logged and the others still run; the next run is
 * enqueued whatever happened, so housekeeping never stops.
 */
export function housekeepingJob(deps: { db: Database; retentionDays: number; log: Logger }): JobHandler {
  const { db, retentionDays, log } = deps;
  const tasks: [string, () => Promise<unknown>][] = [
    ["events", () => pruneEvents(db, retentionDays)],
    ["webhook deliveries", () => db.delete(webhookDeliveries).where(lt(webhookDeliveries.createdAt, olderThan(retentionDays)))],
    ["failed jobs", () => db.delete(jobs).where(and(eq(jobs.state, "failed"), lt(jobs.failedAt, olderThan(retentionDays))))],
    ["idempotency keys", () => pruneExpiredKeys(db)],
    ["sign-in failures", () => pruneLoginFailures(db)],
  ];
  return {
    name: HOUSEKEEPING_JOB,
    async run() {
      await Promise.all(tasks.map(([name, task]) => task().catch((error: unknown) => log.error({ err: error, task: name }, "housekeeping task failed"))));
      await scheduleHousekeeping(db, HOUR_MS);
    },
  };
}

/**
 * Makes sure one housekeeping job is queued, due after `delayMs` when none
 * was: at start due at once, so a deployment stopped for long catches up;
 * after a run, an hour on. Schedulers serialise on an advisory lock and add
 * nothing when a run is already queued, so instances starting together, or a
 * run repeated after a crash, leave one chain of runs.
 */
export async function scheduleHousekeeping(db: Database, delayMs = 0): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${HOUSEKEEPING_JOB}))`);
    const [queued] = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.name, HOUSEKEEPING_JOB), eq(jobs.state, "queued")))
      .limit(1);
    if (!queued) await enqueue(tx, HOUSEKEEPING_JOB, {}, { delayMs });
  });
}
