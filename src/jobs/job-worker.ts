import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../db/client";
import type { JobRow } from "../db/tables";
import { defaultBackoffMs, RetryJob, type JobHandler } from "./job-handler";
import { JOBS_CHANNEL } from "./queue";

export interface JobWorkerOptions {
  /** Jobs running at once in this worker. */
  concurrency: number;
  /** Looks for due jobs this often even without a notification (retries come due without one). */
  pollIntervalMs: number;
  /** Default claim length for handlers without their own. */
  leaseMs: number;
  /** Longest wait for running jobs at stop. */
  stopTimeoutMs?: number;
  /** Called after every attempt, for metrics. */
  onAttempt?: (name: string, outcome: "succeeded" | "retrying" | "failed", seconds: number) => void;
}

const MAX_ERROR_LENGTH = 1024;

type ClaimedJob = Pick<JobRow, "id" | "name" | "payload" | "attempts" | "maxAttempts">;
type ClaimRow = { id: string | number; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number };

/**
 * Runs queued jobs of the names it has handlers for, in any number of
 * processes at once. A claim is one statement: due jobs, and running jobs
 * whose lease expired (their worker died), skipping rows another worker has
 * locked and jobs whose key an earlier unfinished job holds. A running job's
 * lease is renewed until it ends; ending applies only while this worker still
 * holds it. Wakes on `pm_jobs` notifications, and polls as a safety net.
 */
export class JobWorker {
  private readonly id = `worker-${randomUUID()}`;
  private readonly handlers: Map<string, JobHandler>;
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private stopped = false;
  private poll: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly database: DatabaseHandle,
    handlers: readonly JobHandler[],
    private readonly options: JobWorkerOptions,
    private readonly log: Logger,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.name, handler]));
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(JOBS_CHANNEL, () => this.wake(), () => this.wake());
    this.poll = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.poll.unref();
    this.wake();
  }

  /** Stops claiming, aborts running handlers' signals and waits for them (bounded). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    for (const timer of this.timers) clearTimeout(timer);
    await this.unlisten?.().catch(() => {});
    this.abort.abort();
    await this.claiming;
    const settled = Promise.allSettled([...this.running]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, this.options.stopTimeoutMs ?? 10_000).unref())]);
  }

  /** Claims as many jobs as there are free slots; a wake-up during a claim claims again after it. */
  private wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimLoop().finally(() => (this.claiming = null));
  }

  private async claimLoop(): Promise<void> {
    do {
      this.claimAgain = false;
      const free = this.options.concurrency - this.running.size;
      if (free <= 0 || this.stopped) return;
      let claimed: ClaimedJob[];
      try {
        claimed = await this.claim(free);
      } catch (error) {
        this.log.error({ err: error }, "claiming jobs failed");
        return;
      }
      for (const job of claimed) this.track(this.execute(job));
      if (claimed.length === free) this.claimAgain = true;
    } while (this.claimAgain && !this.stopped);
  }

  private track(run: Promise<void>): void {
    this.running.add(run);
    void run.finally(() => {
      this.running.delete(run);
      this.wake();
    });
  }

  private async claim(limit: number): Promise<ClaimedJob[]> {
    const names = sql.join(
      [...this.handlers.keys()].map((name) => sql`${name}`),
      sql`, `,
    );
    const result: unknown = await this.database.db.execute(sql`
      with candidates as (
        select j.id from jobs j
        where j.name in (${names})
          and ((j.state = 'queued' and j.run_at <= now()) or (j.state = 'running' and j.locked_until < now()))
          and (j.key is null or not exists (
            select 1 from jobs e where e.key = j.key and e.id < j.id and e.state <> 'failed'))
        order by j.run_at, j.id
        limit ${limit}
        for update skip locked
      )
      update jobs set state = 'running', attempts = jobs.attempts + 1, locked_by = ${this.id},
        locked_until = now() + ${this.options.leaseMs} * interval '1 millisecond'
      from candidates where jobs.id = candidates.id
      returning jobs.id, jobs.name, jobs.payload, jobs.attempts, jobs.max_attempts`);
    // postgres.js answers the rows; PGlite a result holding them.
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as ClaimRow[];
    return rows.map((row) => ({ id: Number(row.id), name: row.name, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts }));
  }

  /** Extends this worker's claim on a job; false when the claim was lost. */
  private async renew(id: number, leaseMs: number): Promise<void> {
    await this.database.db.execute(sql`
      update jobs set locked_until = now() + ${leaseMs} * interval '1 millisecond'
      where id = ${id} and state = 'running' and locked_by = ${this.id}`);
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const handler = this.handlers.get(job.name)!;
    const leaseMs = handler.leaseMs ?? this.options.leaseMs;
    const log = this.log.child({ job: { id: job.id, name: job.name, attempt: job.attempts } });
    const started = performance.now();
    const renewal = setInterval(() => this.renew(job.id, leaseMs).catch((error: unknown) => log.warn({ err: error }, "lease renewal failed")), leaseMs / 3);
    try {
      if (leaseMs !== this.options.leaseMs) await this.renew(job.id, leaseMs);
      await handler.run(job.payload, { id: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, log, signal: this.abort.signal });
      clearInterval(renewal);
      await this.database.db.execute(sql`delete from jobs where id = ${job.id} and state = 'running' and locked_by = ${this.id}`);
      this.options.onAttempt?.(job.name, "succeeded", (performance.now() - started) / 1000);
    } catch (error) {
      clearInterval(renewal);
      await this.failed(job, handler, error, log).catch((failure: unknown) => log.error({ err: failure }, "recording a failed job failed"));
      this.options.onAttempt?.(job.name, job.attempts < job.maxAttempts ? "retrying" : "failed", (performance.now() - started) / 1000);
    }
  }

  private async failed(job: ClaimedJob, handler: JobHandler, error: unknown, log: Logger): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const last = job.attempts >= job.maxAttempts;
    const delayMs = error instanceof RetryJob ? error.delayMs : (handler.backoffMs ?? defaultBackoffMs)(job.attempts);
    if (last) log.error({ err: error }, "job failed after its last attempt");
    else if (!(error instanceof RetryJob)) log.warn({ err: error, retryInMs: Math.round(delayMs) }, "job attempt failed");
    await this.database.db.execute(sql`
      update jobs set
        state = ${last ? "failed" : "queued"},
        run_at = now() + ${Math.round(delayMs)} * interval '1 millisecond',
        failed_at = ${last ? sql`now()` : null},
        last_error = ${message}, locked_by = null, locked_until = null
      where id = ${job.id} and state = 'running' and locked_by = ${this.id}`);
    if (!last) {
      // The retry comes due without a notification: look again then rather than at the next poll.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.wake();
      }, delayMs + 5);
      timer.unref();
      this.timers.add(timer);
    }
  }
}
