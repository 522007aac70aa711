import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { jobs } from "../db/tables";

export const JOBS_CHANNEL = "pm_jobs";

export interface EnqueueOptions {
  /** Jobs sharing a key run one at a time, in enqueue order. */
  key?: string;
  runAt?: Date;
  delayMs?: number;
  maxAttempts?: number;
}

/**
 * Whether the job aliased `job` may start: no other unfinished job of its key
 * comes before it or is running (a later id may commit and start first).
 */
export const keyIsFree = (job: SQL) => sql`(${job}.key is null or not exists (
  select 1 from jobs e where e.key = ${job}.key and e.id <> ${job}.id and e.state <> 'failed' and (e.id < ${job}.id or e.state = 'running')))`;

/**
 * Inserts a job with `db`, which should be the caller's transaction: the job
 * exists if and only if the change that causes it commits. Workers hear of it
 * after the commit. Returns the job id.
 */
export async function enqueue(db: Database, name: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<number> {
  const [job] = await db.insert(jobs).values(jobRow({ name, payload, options })).returning({ id: jobs.id });
  return job!.id;
}

interface NewJob {
  name: string;
  payload: Record<string, unknown>;
  options?: EnqueueOptions;
}

const jobRow = ({ name, payload, options = {} }: NewJob) => ({
  name,
  payload,
  key: options.key,
  runAt: options.runAt ?? (options.delayMs ? new Date(Date.now() + options.delayMs) : undefined),
  maxAttempts: options.maxAttempts,
});

/** `enqueue` for several jobs in one statement, in order. */
export async function enqueueAll(db: Database, entries: readonly NewJob[]): Promise<void> {
  if (entries.length) await db.insert(jobs).values(entries.map(jobRow));
}

/** Puts a failed job back in the queue for one more attempt; false when there is no such failed job. */
export async function retryFailedJob(db: Database, id: number): Promise<boolean> {
  const retried = await db
    .update(jobs)
    .set({ state: "queued", runAt: sql`now()`, maxAttempts: sql`${jobs.attempts} + 1`, failedAt: null })
    .where(and(eq(jobs.id, id), eq(jobs.state, "failed")))
    .returning({ id: jobs.id });
  return retried.length > 0;
}

export interface QueueStats {
  queued: number;
  running: number;
  failed: number;
  /** How long the oldest job that is due and free to start (not behind its key) has waited, in seconds; null when none waits. */
  oldestWaitingSeconds: number | null;
}

export async function queueStats(db: Database): Promise<QueueStats> {
  const [stats] = await db
    .select({
      queued: sql<number>`count(*) filter (where ${jobs.state} = 'queued')`.mapWith(Number),
      running: sql<number>`count(*) filter (where ${jobs.state} = 'running')`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${jobs.state} = 'failed')`.mapWith(Number),
      oldestWaitingSeconds: sql<number | null>`extract(epoch from now() - min(${jobs.runAt}) filter (where ${jobs.state} = 'queued' and ${jobs.runAt} <= now() and ${keyIsFree(sql.raw("jobs"))}))`.mapWith(
        (value) => (value === null ? null : Number(value)),
      ),
    })
    .from(jobs);
  return stats!;
}
