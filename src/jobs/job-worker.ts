import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../db/client";
import type { JobRow } from "../db/tables";
import { defaultBackoffMs, JobInterrupted, RetryJob, type JobHandler } from "./job-handler";
import { JOBS_CHANNEL, keyIsFree } from "./queue";

export interface JobWorkerOptions {
  /** Jobs running at once in this worker. */
  concurrency: number;
  /** Looks for due jobs this often even without a notification (retries come due without one). */
  pollIntervalMs: number;
  /** Default claim length for handlers without their own. */
  leaseMs: number;
  /** Longest wait for running jobs at stop before their signals are aborted. */
  stopTimeoutMs?: number;
  /** Called after every attempt, for metrics. */
  onAttempt?: (name: string, outcome: "succeeded" | "retrying" | "failed", seconds: number) => void;
}

const MAX_ERROR_LENGTH = 1024;
/** After aborting at stop, how long handlers get to give their jobs back. */
const ABORT_GRACE_MS = 2000;
const DELETE_TRIES = 3;

type ClaimedJob = Pick<JobRow, "id" | "name" | "payload" | "attempts" | "maxAttempts">;
type ClaimRow = { id: string | number; name: string; payload: Record<string, unknown>; attempts: number; max_attempts: number };

/** A running job: what stops it, and what keeps its lease. */
interface Run {
  controller: AbortController;
  renewal: NodeJS.Timeout;
}

/** postgres.js answers the rows; PGlite a result holding them. */
const rowsOf = <Row>(result: unknown): Row[] => (Array.isArray(result) ? result : (result as { rows: Row[] }).rows);

/**
 * Runs queued jobs of the names it has handlers for, in any number of
 * processes at once. A claim is one statement: due jobs, and running jobs
 * whose lease expired (their worker died), skipping rows another worker has
 * locked and jobs whose key another unfinished job holds. A claim is named
 * by (job id, attempt): renewing and ending it apply only while it is still
 * this worker's, and a renewal that finds it gone aborts the handler.
 * Wakes on `pm_jobs` notifications, and polls as a safety net.
 */
export class JobWorker {
  private readonly id = `worker-${randomUUID()}`;
  private readonly handlers: Map<string, JobHandler>;
  private readonly running = new Map<Promise<void>, Run>();
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
    this.poll = setInterval(() => this.tick(), this.options.pollIntervalMs);
    this.poll.unref();
    this.tick();
  }

  /**
   * Stops claiming and waits for running jobs; past `stopTimeoutMs` their
   * signals are aborted, and a handler that gives up gets its job back into
   * the queue without spending an attempt.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    for (const timer of this.timers) clearTimeout(timer);
    await this.unlisten?.().catch(() => {});
    await this.claiming;
    const settled = Promise.allSettled([...this.running.keys()]);
    if (await within(settled, this.options.stopTimeoutMs ?? 10_000)) return;
    for (const run of this.running.values()) run.controller.abort(new JobInterrupted("the worker is stopping"));
    await within(settled, ABORT_GRACE_MS);
    // Handlers that ignore their signal keep running, but nobody renews their leases: another worker takes over.
    for (const run of this.running.values()) clearInterval(run.renewal);
  }

  private tick(): void {
    if (this.stopped) return;
    this.parkAbandoned().catch((error: unknown) => this.log.error({ err: error }, "parking abandoned jobs failed"));
    this.wake();
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
      for (const job of claimed) this.execute(job);
      if (claimed.length === free) this.claimAgain = true;
    } while (this.claimAgain && !this.stopped);
  }

  private names() {
    return sql.join(
      [...this.handlers.keys()].map((name) => sql`${name}`),
      sql`, `,
    );
  }

  private async claim(limit: number): Promise<ClaimedJob[]> {
    const rows = rowsOf<ClaimRow>(
      await this.database.db.execute(sql`
      with candidates as (
        select j.id from jobs j
        where j.name in (${this.names()})
          and ((j.state = 'queued' and j.run_at <= now())
            or (j.state = 'running' and j.locked_until < now() and j.attempts < j.max_attempts))
          and ${keyIsFree(sql.raw("j"))}
        order by j.run_at, j.id
        limit ${limit}
        for update skip locked
      )
      update jobs set state = 'running', attempts = jobs.attempts + 1, locked_by = ${this.id},
        locked_until = now() + ${this.options.leaseMs} * interval '1 millisecond'
      from candidates where jobs.id = candidates.id
      returning jobs.id, jobs.name, jobs.payload, jobs.attempts, jobs.max_attempts`),
    );
    return rows.map((row) => ({ id: Number(row.id), name: row.name, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts }));
  }

  /** Jobs whose worker died during their last attempt: parked, not run again. */
  private async parkAbandoned(): Promise<void> {
    const rows = rowsOf<ClaimRow>(
      await this.database.db.execute(sql`
      update jobs set state = 'failed', failed_at = now(), locked_by = null, locked_until = null,
        last_error = 'its worker stopped renewing its lease during the last attempt'
      where name in (${this.names()}) and state = 'running' and locked_until < now() and attempts >= max_attempts
      returning id, name, payload, attempts, max_attempts`),
    );
    for (const row of rows) {
      this.log.error({ job: { id: Number(row.id), name: row.name } }, "job parked: its worker died during the last attempt");
      await this.handlers.get(row.name)!.parked?.(row.payload, "its worker stopped during the last attempt");
    }
  }

  /** The condition that this worker still holds this claim of the job. */
  private held(job: ClaimedJob) {
    return sql`id = ${job.id} and state = 'running' and attempts = ${job.attempts} and locked_by = ${this.id}`;
  }

  /** Extends this worker's claim; false when it is no longer this worker's. */
  private async renew(job: ClaimedJob, leaseMs: number): Promise<boolean> {
    const rows = rowsOf(
      await this.database.db.execute(sql`
      update jobs set locked_until = now() + ${leaseMs} * interval '1 millisecond' where ${this.held(job)} returning id`),
    );
    return rows.length > 0;
  }

  private execute(job: ClaimedJob): void {
    const handler = this.handlers.get(job.name)!;
    const leaseMs = handler.leaseMs ?? this.options.leaseMs;
    const log = this.log.child({ job: { id: job.id, name: job.name, attempt: job.attempts } });
    const controller = new AbortController();
    const keep = () =>
      this.renew(job, leaseMs).then(
        (held) => held || controller.abort(new JobInterrupted("its lease was lost to another worker")),
        (error: unknown) => log.warn({ err: error }, "lease renewal failed"),
      );
    const run: Run = { controller, renewal: setInterval(keep, leaseMs / 3) };
    const done = this.attempt(job, handler, leaseMs, controller.signal, log).finally(() => {
      clearInterval(run.renewal);
      this.running.delete(done);
      this.wake();
    });
    this.running.set(done, run);
  }

  private async attempt(job: ClaimedJob, handler: JobHandler, leaseMs: number, signal: AbortSignal, log: Logger): Promise<void> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      if (leaseMs !== this.options.leaseMs && !(await this.renew(job, leaseMs))) return;
      await handler.run(job.payload, { id: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, log, signal });
    } catch (error) {
      if (signal.aborted) {
        await this.interrupted(job, signal.reason, log).catch((failure: unknown) => log.error({ err: failure }, "giving a job back failed"));
        return;
      }
      const last = await this.failed(job, handler, error, log).catch((failure: unknown) => {
        log.error({ err: failure }, "recording a failed job failed");
        return job.attempts >= job.maxAttempts;
      });
      this.options.onAttempt?.(job.name, last ? "failed" : "retrying", seconds());
      return;
    }
    await this.succeeded(job, log);
    this.options.onAttempt?.(job.name, "succeeded", seconds());
  }

  /** A done job is deleted; a failed delete is tried again, not taken for a failed attempt (its work is done). */
  private async succeeded(job: ClaimedJob, log: Logger): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.database.db.execute(sql`delete from jobs where ${this.held(job)}`);
        return;
      } catch (error) {
        if (attempt === DELETE_TRIES) {
          log.error({ err: error }, "a done job could not be deleted; it runs again when its lease ends");
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  /** Stopped from outside: at stop the job goes back without spending an attempt; a lost lease is another worker's now. */
  private async interrupted(job: ClaimedJob, reason: unknown, log: Logger): Promise<void> {
    log.warn({ reason: reason instanceof Error ? reason.message : String(reason) }, "job interrupted");
    await this.database.db.execute(sql`
      update jobs set state = 'queued', attempts = attempts - 1, run_at = now(), locked_by = null, locked_until = null
      where ${this.held(job)}`);
  }

  /** Records a failed attempt; true when it was the last one and the job is parked. */
  private async failed(job: ClaimedJob, handler: JobHandler, error: unknown, log: Logger): Promise<boolean> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const last = job.attempts >= job.maxAttempts;
    const delayMs = error instanceof RetryJob ? error.delayMs : (handler.backoffMs ?? defaultBackoffMs)(job.attempts);
    if (last) log.error({ err: error }, "job failed after its last attempt");
    else if (!(error instanceof RetryJob)) log.warn({ err: error, retryInMs: Math.round(delayMs) }, "job attempt failed");
    const ended = rowsOf(
      await this.database.db.execute(sql`
      update jobs set
        state = ${last ? "failed" : "queued"},
        run_at = now() + ${Math.round(delayMs)} * interval '1 millisecond',
        failed_at = ${last ? sql`now()` : null},
        last_error = ${message}, locked_by = null, locked_until = null
      where ${this.held(job)} returning id`),
    );
    if (last && ended.length > 0) await handler.parked?.(job.payload, message);
    if (!last) this.wakeAfter(delayMs);
    return last;
  }

  /** A retry comes due without a notification: look again then rather than at the next poll. */
  private wakeAfter(delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.wake();
    }, delayMs + 5);
    timer.unref();
    this.timers.add(timer);
  }
}

/** Whether `promise` settles within `ms`. */
function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    void promise.then(() => (clearTimeout(timer), resolve(true)));
  });
}
