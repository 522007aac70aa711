import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { eventually, settle } from "../helpers/live";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";

const SETTINGS = { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_TIMEOUT_MS: "1500", WEBHOOK_RETRY_SCHEDULE: "1" };

/** `npm run worker` as a deployment runs it: its own process on the app's database and data directory. */
function startWorker(app: TestApp): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
    env: { ...process.env, ...SETTINGS, NODE_ENV: "test", DATABASE_URL: app.databaseUrl, DATA_DIR: app.dataDir, LOG_LEVEL: "silent", JOB_POLL_INTERVAL_MS: "100" },
    stdio: "ignore",
  });
}

// Several processes share one database only on a PostgreSQL server.
describe.runIf(Boolean(process.env.DATABASE_URL))("a worker that dies mid-delivery", () => {
  let app: TestApp;
  let admin: SignedIn;
  let receiver: Receiver;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    app = await startTestApp({ ...SETTINGS, JOB_WORKERS: "false" });
    admin = await registerWorkspace(app);
    receiver = await startReceiver();
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill("SIGKILL");
    await receiver.close();
    await app.stop();
  });

  it("gives the delivery back after its lease: delivered, one 2xx recorded", async () => {
    // The first request is held open while its worker is killed; later ones succeed.
    receiver.reply = (_request, index) => (index === 0 ? { status: 200, hang: true } : { status: 200, body: "ok" });
    const project = await createProject(app, admin);
    const created = await app.rest("POST", "/api/v1/webhooks", { token: admin.token, body: { url: receiver.url, events: ["issue.created"] } });
    const doomed = startWorker(app);
    workers.push(doomed);
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 1, 20_000, "the doomed worker's attempt");
    doomed.kill("SIGKILL");

    workers.push(startWorker(app));
    await eventually(() => receiver.received.length === 2, 20_000, "the attempt after the lease");
    expect(receiver.received[1]!.json.delivery_id).toBe(receiver.received[0]!.json.delivery_id);
    await eventually(async () => {
      const log = await app.rest("GET", `/api/v1/webhooks/${created.body.data.id}/deliveries`, { token: admin.token });
      return log.body.data[0]?.status === "succeeded";
    }, 10_000);
    await settle(500);
    const [delivery] = (await app.rest("GET", `/api/v1/webhooks/${created.body.data.id}/deliveries`, { token: admin.token })).body.data;
    expect(delivery.attempts.filter((attempt: { response_status: number | null }) => attempt.response_status === 200)).toHaveLength(1);
    expect(receiver.received).toHaveLength(2);
  }, 60_000);
});
