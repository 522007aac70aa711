import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { eventually } from "../helpers/live";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  // A job no worker handles, waiting for two minutes.
  await app.server.database.db.execute(sql`insert into jobs (name, run_at) values ('test.unhandled', now() - interval '120 seconds')`);
  await app.server.database.db.execute(sql`insert into jobs (name, state, failed_at) values ('test.parked', 'failed', now())`);
}, 60_000);

afterAll(() => app.stop());

it("shows the queue in /health/detailed", async () => {
  const health = await app.rest("GET", "/health/detailed");
  expect(health.body.jobs).toMatchObject({ queued: expect.any(Number), failed: 1 });
  expect(health.body.jobs.queued).toBeGreaterThanOrEqual(1);
  expect(health.body.jobs.oldest_waiting_seconds).toBeGreaterThanOrEqual(119);
});

it("shows queue depth, the oldest wait and job attempts in /metrics", async () => {
  let text = "";
  const housekeepingCounted = /^job_attempt_duration_seconds_count\{job="housekeeping",outcome="succeeded"\} 1$/m;
  // Housekeeping runs at start, beside this test: its attempt is counted once it ends.
  await eventually(async () => housekeepingCounted.test((text = (await app.rest("GET", "/metrics")).body as string)));
  expect(text).toMatch(/^jobs\{state="failed"\} 1$/m);
  expect(text).toMatch(/^jobs\{state="queued"\} [1-9]/m);
  expect(Number(/^jobs_oldest_waiting_seconds (\S+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(119);
});
