import { spawn } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/client";
import { runMigrations } from "../../src/db/migrate";
import { jobs } from "../../src/db/tables";
import { createLogger } from "../../src/http/logger";
import { enqueue, JobInterrupted, JobWorker, queueStats, retryFailedJob, RetryJob, type JobHandler, type JobWorkerOptions } from "../../src/jobs";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually, settle } from "../helpers/live";

const log = createLogger("silent");
const OPTIONS: JobWorkerOptions = { concurrency: 4, pollIntervalMs: 50, leaseMs: 5000 };

let testDatabase: TestDatabase;
let database: DatabaseHandle;
const workers: JobWorker[] = [];
const extraHandles: DatabaseHandle[] = [];

const open = async () => testDatabase.handle ?? (await openDatabase({ url: testDatabase.url, dataDir: "memory://", poolMax: 4 }));

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = await open();
  await runMigrations(database, testDatabase.url);
}, 60_000);

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  await database.db.delete(jobs);
});

afterAll(async () => {
  for (const handle of extraHandles) await handle.close();
  await database.close();
  await testDatabase.drop();
});

async function startWorker(handlers: JobHandler[], options: Partial<JobWorkerOptions> = {}, handle = database) {
  const worker = new JobWorker(handle, handlers, { ...OPTIONS, ...options }, log);
  await worker.start();
  workers.push(worker);
  return worker;
}

/** A handler that records each run's payload `n` and attempt. */
function recorder(name: string, behave: (payload: any, attempt: number) => Promise<void> = async () => {}) {
  const runs: { n: number; attempt: number; at: number }[] = [];
  const handler: JobHandler = {
    name,
    async run(payload, job) {
      runs.push({ n: payload.n, attempt: job.attempt, at: Date.now() });
      await behave(payload, job.attempt);
    },
  };
  return { handler, runs };
}

describe("the job queue", () => {
  it("runs a job enqueued in a committed transaction, and nothing from a rolled-back one", async () => {
    const { handler, runs } = recorder("test.commit");
    await startWorker([handler]);
    await database.db
      .transaction(async (tx) => {
        await enqueue(tx, "test.commit", { n: 1 });
        throw new Error("roll back");
      })
      .catch(() => {});
    await database.db.transaction((tx) => enqueue(tx, "test.commit", { n: 2 }));
    await eventually(() => runs.length === 1);
    await settle(300);
    expect(runs.map((run) => run.n)).toEqual([2]);
    expect((await queueStats(database.db)).queued).toBe(0);
  });

  it("wakes an idle worker on commit, well before its poll", async () => {
    const { handler, runs } = recorder("test.wake");
    await startWorker([handler], { pollIntervalMs: 60_000 });
    await settle(100);
    const enqueuedAt = Date.now();
    await enqueue(database.db, "test.wake", { n: 1 });
    await eventually(() => runs.length === 1, 2000);
    expect(runs[0]!.at - enqueuedAt).toBeLessThan(500);
  });

  // Two connections on PostgreSQL; PGlite serves one, which both workers share.
  it("runs each job exactly once across two workers", async () => {
    const first = recorder("test.once");
    const second = recorder("test.once");
    const otherHandle = testDatabase.url ? await open() : database;
    if (otherHandle !== database) extraHandles.push(otherHandle);
    await startWorker([first.handler]);
    await startWorker([second.handler], {}, otherHandle);
    await database.db.transaction(async (tx) => {
      for (let n = 0; n < 200; n++) await enqueue(tx, "test.once", { n });
    });
    await eventually(() => first.runs.length + second.runs.length >= 200, 20_000);
    await settle(300);
    const ran = [...first.runs, ...second.runs].map((run) => run.n).sort((a, b) => a - b);
    expect(ran).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });

  it("gives a job back when its worker died holding it: after the lease", async () => {
    // What a worker killed mid-job leaves behind: the job running, its lease soon over, nobody renewing it.
    // (A real killed process: test/webhook/webhook-worker-crash.test.ts, on PostgreSQL.)
    const id = await enqueue(database.db, "test.lease", { n: 1 });
    await database.db.execute(sql`update jobs set state = 'running', attempts = 1, locked_by = 'dead-worker',
      locked_until = now() + interval '400 milliseconds' where id = ${id}`);
    const { handler, runs } = recorder("test.lease");
    const claimedAfter = Date.now();
    await startWorker([handler]);
    await eventually(() => runs.length === 1, 5000);
    expect(runs[0]!.at - claimedAfter).toBeGreaterThanOrEqual(300);
    expect(runs[0]!.attempt).toBe(2);
    await settle(300);
    expect(runs).toHaveLength(1);
  });

  it("renews the lease of a job that runs longer than it", async () => {
    let finish = () => {};
    let started = 0;
    const slow: JobHandler = { name: "test.slow", leaseMs: 200, run: () => (started++, new Promise<void>((resolve) => (finish = resolve))) };
    await startWorker([slow]);
    await startWorker([slow]);
    await enqueue(database.db, "test.slow", {});
    await eventually(() => started === 1);
    await settle(800);
    expect(started).toBe(1);
    finish();
    await eventually(async () => (await queueStats(database.db)).running === 0);
  });

  it("retries with the handler's delay, then parks the job as failed; a failed job can be retried", async () => {
    const { handler, runs } = recorder("test.retry", async () => {
      throw new RetryJob("not yet", 400);
    });
    await startWorker([handler]);
    const id = await enqueue(database.db, "test.retry", { n: 1 }, { maxAttempts: 3 });
    await eventually(() => runs.length === 3, 5000);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(380);
    expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(380);
    await eventually(async () => (await queueStats(database.db)).failed === 1);
    const [parked] = await database.db.select().from(jobs);
    expect(parked).toMatchObject({ id, state: "failed", attempts: 3, lastError: "not yet" });
    expect(parked!.failedAt).toBeInstanceOf(Date);

    expect(await retryFailedJob(database.db, id)).toBe(true);
    await eventually(() => runs.length === 4);
    expect(await retryFailedJob(database.db, 987_654)).toBe(false);
  });

  it("waits as the handler's backoff says between attempts", async () => {
    const { handler, runs } = recorder("test.backoff", async () => {
      throw new Error("boom");
    });
    await startWorker([{ ...handler, backoffMs: (attempt) => 100 * 2 ** attempt }]);
    await enqueue(database.db, "test.backoff", { n: 1 }, { maxAttempts: 3 });
    await eventually(() => runs.length === 3, 5000);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(190);
    expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(390);
  });

  it("runs the jobs of one key one at a time, in order, even across retries; other keys go on", async () => {
    let failedOnce = false;
    const { handler, runs } = recorder("test.key", async (payload) => {
      if (payload.n === 1 && !failedOnce) {
        failedOnce = true;
        throw new RetryJob("first try fails", 500);
      }
    });
    await startWorker([handler]);
    await database.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await enqueue(tx, "test.key", { n }, { key: "issue-a" });
      await enqueue(tx, "test.key", { n: 10 }, { key: "issue-b" });
    });
    await eventually(() => runs.length === 5, 5000);
    const ofA = runs.filter((run) => run.n < 10).map((run) => run.n);
    expect(ofA).toEqual([1, 1, 2, 3]);
    const other = runs.find((run) => run.n === 10)!;
    expect(other.at).toBeLessThan(runs.filter((run) => run.n === 1)[1]!.at);
  });

  it("runs jobs inserted by SQL, as the outbox trigger inserts them", async () => {
    const { handler, runs } = recorder("test.raw");
    await startWorker([handler]);
    await database.db.execute(sql`insert into jobs (name, payload) values ('test.raw', '{"n": 7}'::jsonb)`);
    await eventually(() => runs.length === 1);
    expect(runs[0]!.n).toBe(7);
  });

  it("reports the oldest waiting job's age", async () => {
    await database.db.execute(sql`insert into jobs (name, run_at) values ('test.nobody', now() - interval '90 seconds')`);
    const stats = await queueStats(database.db);
    expect(stats.queued).toBe(1);
    expect(stats.oldestWaitingSeconds).toBeGreaterThanOrEqual(89);
  });

  it("does not count a job waiting behind its key as waiting", async () => {
    await database.db.execute(sql`insert into jobs (name, key, run_at) values ('test.nobody', 'k', now() + interval '1 hour')`);
    await database.db.execute(sql`insert into jobs (name, key, run_at) values ('test.nobody', 'k', now() - interval '90 seconds')`);
    expect(await queueStats(database.db)).toMatchObject({ queued: 2, oldestWaitingSeconds: null });
  });

  it("holds a key's earlier job while a later one of the key runs (it committed first)", async () => {
    const { handler, runs } = recorder("test.keyrun");
    const earlier = await enqueue(database.db, "test.keyrun", { n: 1 }, { key: "k" });
    const later = await enqueue(database.db, "test.keyrun", { n: 2 }, { key: "k" });
    await database.db.execute(sql`update jobs set state = 'running', attempts = 1, locked_by = 'other-worker',
      locked_until = now() + interval '1 minute' where id = ${later}`);
    await startWorker([handler]);
    await settle(400);
    expect(runs).toEqual([]);
    await database.db.delete(jobs).where(eq(jobs.id, later));
    await eventually(() => runs.length === 1);
    expect(runs[0]!.n).toBe(1);
    expect(earlier).toBeLessThan(later);
  });

  it("aborts a handler whose claim was taken over, and leaves the new claim alone", async () => {
    let aborted: unknown = null;
    let finish = () => {};
    const handler: JobHandler = {
      name: "test.lost",
      leaseMs: 300,
      run: (_payload, job) =>
        new Promise<void>((resolve) => {
          job.signal.addEventListener("abort", () => (aborted = job.signal.reason));
          finish = resolve;
        }),
    };
    await startWorker([handler]);
    const id = await enqueue(database.db, "test.lost", {});
    await eventually(async () => (await queueStats(database.db)).running === 1);
    // What another claim looks like after this one's lease lapsed unnoticed: the same worker id, a later attempt.
    await database.db.execute(sql`update jobs set attempts = attempts + 1, locked_until = now() + interval '1 minute' where id = ${id}`);
    // Noticed at the next lease renewal; a loaded CI machine needs the margin.
    await eventually(() => aborted !== null, 5000, "the abort");
    expect(aborted).toBeInstanceOf(JobInterrupted);
    finish();
    await settle(200);
    const [row] = await database.db.select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ state: "running", attempts: 2 });
  });

  it("parks a job whose worker died during its last attempt, without running it again", async () => {
    const parked: string[] = [];
    const { handler, runs } = recorder("test.abandoned");
    const id = await enqueue(database.db, "test.abandoned", { n: 1 }, { maxAttempts: 2 });
    await database.db.execute(sql`update jobs set state = 'running', attempts = 2, locked_by = 'dead-worker',
      locked_until = now() - interval '1 second' where id = ${id}`);
    await startWorker([{ ...handler, parked: async (_payload, reason) => void parked.push(reason) }]);
    await eventually(async () => (await queueStats(database.db)).failed === 1);
    await settle(200);
    expect(runs).toEqual([]);
    expect(parked).toEqual([expect.stringMatching(/last attempt/)]);
  });

  it("tells the handler once when its job is parked after the last attempt", async () => {
    const parked: unknown[] = [];
    const { handler } = recorder("test.parked", async () => {
      throw new RetryJob("no", 50);
    });
    await startWorker([{ ...handler, parked: async (payload, reason) => void parked.push([payload.n, reason]) }]);
    await enqueue(database.db, "test.parked", { n: 5 }, { maxAttempts: 2 });
    await eventually(() => parked.length === 1);
    await settle(200);
    expect(parked).toEqual([[5, "no"]]);
  });

  it("counts a done job whose delete failed once as done: it does not run again", async () => {
    const outcomes: string[] = [];
    const { handler, runs } = recorder("test.delete-fails");
    // A sequence is not rolled back with the failed delete, so the trigger refuses exactly once.
    await database.db.execute(sql`create sequence if not exists delete_tries`);
    await database.db.execute(sql`create or replace function refuse_first_delete() returns trigger language plpgsql as $$
      begin if nextval('delete_tries') = 1 then raise exception 'delete refused once'; end if; return old; end $$`);
    await database.db.execute(sql`create trigger refuse_first_delete before delete on jobs for each row
      when (old.name = 'test.delete-fails') execute function refuse_first_delete()`);
    try {
      await startWorker([handler], { onAttempt: (_name, outcome) => outcomes.push(outcome) });
      await enqueue(database.db, "test.delete-fails", { n: 1 });
      await eventually(async () => (await queueStats(database.db)).running === 0 && outcomes.length === 1);
      await settle(300);
      expect(runs).toHaveLength(1);
      expect(outcomes).toEqual(["succeeded"]);
      expect(await database.db.select().from(jobs)).toEqual([]);
    } finally {
      await database.db.execute(sql`drop trigger refuse_first_delete on jobs`);
    }
  });

  it("at stop, waits for running jobs; past the timeout aborts them and gives their jobs back", async () => {
    const quick = recorder("test.quick", () => new Promise((resolve) => setTimeout(resolve, 150)));
    let reason: unknown = null;
    const stuck: JobHandler = {
      name: "test.stuck",
      run: (_payload, job) =>
        new Promise<void>((_resolve, reject) =>
          job.signal.addEventListener("abort", () => {
            reason = job.signal.reason;
            reject(job.signal.reason);
          }),
        ),
    };
    const worker = await startWorker([quick.handler, stuck], { stopTimeoutMs: 400 });
    await enqueue(database.db, "test.stuck", {});
    await enqueue(database.db, "test.quick", { n: 1 });
    await eventually(async () => (await queueStats(database.db)).running === 2);
    const stopping = Date.now();
    await worker.stop();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(350);
    expect(quick.runs).toHaveLength(1);
    expect(reason).toBeInstanceOf(JobInterrupted);
    const rows = await database.db.select().from(jobs);
    expect(rows).toEqual([expect.objectContaining({ name: "test.stuck", state: "queued", attempts: 0, lockedBy: null })]);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))("npm run worker", () => {
  it("runs jobs alone and stops on SIGTERM with exit 0", async () => {
    const child = spawn("npm", ["run", "-s", "worker"], {
      env: { ...process.env, DATABASE_URL: testDatabase.url, DATA_DIR: "/tmp/pm-worker-test", LOG_LEVEL: "info", JOB_POLL_INTERVAL_MS: "100" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => output.includes("worker started"), 30_000, "the worker to start");
    await database.db.execute(sql`insert into jobs (name, payload) values ('housekeeping', '{}'::jsonb)`);
    await eventually(async () => (await database.db.select().from(jobs)).every((job) => job.runAt.getTime() > Date.now() + 3_000_000), 10_000, "housekeeping to run and reschedule");
    const [next, ...more] = await database.db.select().from(jobs).where(eq(jobs.name, "housekeeping"));
    expect(next!.state).toBe("queued");
    expect(more).toHaveLength(0);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);
});
