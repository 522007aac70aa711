import { createHmac, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { users } from "../../src/db/tables";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/http/logger";
import { startServer } from "../../src/http/server";
import { startSecondInstance, startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { eventually, settle } from "../helpers/live";
import { appendEvents } from "../../src/events/outbox";
import { startReceiver, type Received, type Receiver } from "../helpers/webhook-receiver";

const SETTINGS = {
  WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
  WEBHOOK_RETRY_SCHEDULE: "1,1",
  WEBHOOK_TIMEOUT_MS: "1000",
  WEBHOOK_DISABLE_AFTER_FAILURES: "2",
  JOB_POLL_INTERVAL_MS: "100",
};

let app: TestApp;
let admin: SignedIn;
let project: { id: string; key: string };
let receiver: Receiver;

beforeAll(async () => {
  app = await startTestApp(SETTINGS);
  admin = await registerWorkspace(app);
  project = await createProject(app, admin);
}, 60_000);

afterAll(() => app.stop());

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

async function hook(body: Record<string, unknown>, who: SignedIn = admin) {
  const created = await app.rest("POST", "/api/v1/webhooks", { token: who.token, body: { url: receiver.url, ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.data as { id: string; secret: string };
}

/** The workspace of a signed-in user. */
async function tenantOf(who: SignedIn): Promise<string> {
  const [row] = await app.server.database.db.select({ tenantId: users.tenantId }).from(users).where(eq(users.id, who.user.id));
  return row!.tenantId;
}

const deliveriesOf = async (id: string, who: SignedIn = admin) => (await app.rest("GET", `/api/v1/webhooks/${id}/deliveries?per_page=100`, { token: who.token })).body.data;

/** GitHub's way: HMAC-SHA256 of the raw body with the secret as given. */
function githubSignatureValid(request: Received, secret: string, header = "x-hub-signature-256"): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(request.body).digest("hex")}`);
  const given = Buffer.from(String(request.headers[header]));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const standardHeaders = (request: Received) => ({
  "webhook-id": String(request.headers["webhook-id"]),
  "webhook-timestamp": String(request.headers["webhook-timestamp"]),
  "webhook-signature": String(request.headers["webhook-signature"]),
});

describe("deliveries", () => {
  it("sends the §14.3 payload, signed both ways, for an event the hook follows", async () => {
    const { id, secret } = await hook({ events: ["issue.created"] });
    const issue = await createIssue(app, admin, project.id, { summary: "Webhook me" });
    await eventually(() => receiver.received.length === 1, 5000, "a delivery");
    const [request] = receiver.received;
    expect(request!.json).toMatchObject({
      event: "issue.created",
      webhook_id: id,
      data: {
        issue: { id: issue.id, key: issue.key, summary: "Webhook me", project: { id: project.id, key: project.key } },
        user: { id: admin.user.id, username: admin.user.username },
      },
    });
    expect(request!.json.timestamp).toMatch(/Z$/);
    const deliveryId = request!.json.delivery_id;
    expect(request!.headers).toMatchObject({
      "content-type": "application/json",
      "x-hub-event": "issue.created",
      "x-hub-delivery": deliveryId,
      "webhook-id": deliveryId,
    });
    expect(String(request!.headers["user-agent"])).toMatch(/^project-tracker-api-webhooks\//);
    expect(Math.abs(Number(request!.headers["x-hub-timestamp"]) - Date.now() / 1000)).toBeLessThan(30);

    expect(githubSignatureValid(request!, secret)).toBe(true);
    expect(() => new Webhook(secret).verify(request!.body, standardHeaders(request!))).not.toThrow();
    const tamperedBody = request!.body.replace("Webhook me", "Webhook you");
    expect(githubSignatureValid({ ...request!, body: tamperedBody }, secret)).toBe(false);
    expect(() => new Webhook(secret).verify(tamperedBody, standardHeaders(request!))).toThrow();
    const staleTimestamp = { ...standardHeaders(request!), "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) };
    expect(() => new Webhook(secret).verify(request!.body, staleTimestamp)).toThrow();

    const [logged] = await deliveriesOf(id);
    expect(logged).toMatchObject({ id: deliveryId, event: "issue.created", status: "succeeded" });
    expect(logged.attempts).toEqual([expect.objectContaining({ response_status: 200, response_body: "ok", error: null })]);
  });

  it("verifies a caller-chosen secret with standardwebhooks in raw format", async () => {
    const { secret } = await hook({ events: ["issue.created"], secret: "webhook-secret" });
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 1);
    const [request] = receiver.received;
    expect(githubSignatureValid(request!, secret)).toBe(true);
    expect(() => new Webhook(secret, { format: "raw" }).verify(request!.body, standardHeaders(request!))).not.toThrow();
  });

  it("delivers a status change once per followed type, and nothing a hook does not follow", async () => {
    await hook({ events: ["issue.updated", "issue.status_changed"] });
    const issue = await createIssue(app, admin, project.id);
    const moved = await app.rest("PUT", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { status: "In Progress" } });
    expect(moved.status).toBe(200);
    await eventually(() => receiver.received.length === 2);
    await settle(300);
    expect(receiver.received.map((request) => request.json.event).sort()).toEqual(["issue.status_changed", "issue.updated"]);
    const [first, second] = receiver.received;
    expect(first!.json.delivery_id).not.toBe(second!.json.delivery_id);
    expect(first!.json.data.changes).toEqual([{ field: "status", from: expect.any(String), to: "In Progress" }]);
  });

  it("counts an issue created with an assignee as an assignment", async () => {
    await hook({ events: ["issue.assigned"] });
    await createIssue(app, admin, project.id, { summary: "unassigned" });
    await createIssue(app, admin, project.id, { summary: "assigned", assignee_id: admin.user.id });
    await eventually(() => receiver.received.length === 1);
    await settle(300);
    expect(receiver.received[0]!.json).toMatchObject({ event: "issue.assigned", data: { issue: { summary: "assigned", assignee_id: admin.user.id } } });
    expect(receiver.received).toHaveLength(1);
  });

  it("gives a project-filtered hook only that project's events", async () => {
    const other = await createProject(app, admin);
    await hook({ events: ["issue.created"], filters: { project_id: project.id } });
    await createIssue(app, admin, other.id, { summary: "elsewhere" });
    await createIssue(app, admin, project.id, { summary: "here" });
    await eventually(() => receiver.received.length === 1);
    await settle(500);
    expect(receiver.received.map((request) => request.json.data.issue.summary)).toEqual(["here"]);
  });

  it("delivers the events of one issue in commit order", async () => {
    await hook({ events: ["issue.updated"] });
    const issue = await createIssue(app, admin, project.id);
    for (let step = 1; step <= 8; step++) {
      expect((await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: `step ${step}` } })).status).toBe(200);
    }
    await eventually(() => receiver.received.length === 8, 10_000);
    expect(receiver.received.map((request) => request.json.data.changes[0].to)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((step) => `step ${step}`));
  });

  it("retries a failing delivery on schedule with the same delivery id, and records every attempt", async () => {
    receiver.reply = (_request, index) => (index < 2 ? { status: 500, body: "x".repeat(5000) } : { status: 204 });
    const { id } = await hook({ events: ["issue.created"] });
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 3, 10_000, "three attempts");
    expect(new Set(receiver.received.map((request) => request.json.delivery_id)).size).toBe(1);
    const gaps = receiver.received.slice(1).map((request, index) => Number(request.headers["x-hub-timestamp"]) - Number(receiver.received[index]!.headers["x-hub-timestamp"]));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await deliveriesOf(id))[0]?.status === "succeeded");
    const [logged] = await deliveriesOf(id);
    expect(logged.attempts.map((attempt: any) => attempt.response_status)).toEqual([500, 500, 204]);
    expect(logged.attempts[0].response_body).toHaveLength(1024);

    const gql = await app.gql(
      `query($id: ID!) { webhook(id: $id) { deliveries(first: 5) { nodes { id status attempts { responseStatus durationMs attemptedAt } } } } }`,
      { id },
      admin.token,
    );
    expect(gql.body.data.webhook.deliveries.nodes[0].attempts.map((attempt: any) => attempt.responseStatus)).toEqual([500, 500, 204]);
  });

  it("honours Retry-After", async () => {
    receiver.reply = (_request, index) => (index === 0 ? { status: 503, headers: { "retry-after": "3" } } : { status: 200 });
    await hook({ events: ["issue.created"] });
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 2, 10_000);
    const gap = Number(receiver.received[1]!.headers["x-hub-timestamp"]) - Number(receiver.received[0]!.headers["x-hub-timestamp"]);
    expect(gap).toBeGreaterThanOrEqual(2);
  });

  it("disables a hook at once on 410 Gone, with the reason in both doors; an update re-enables it", async () => {
    receiver.reply = () => ({ status: 410 });
    const { id } = await hook({ events: ["issue.created"] });
    await createIssue(app, admin, project.id);
    await eventually(async () => (await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).body.data.active === false);
    const rest = (await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).body.data;
    expect(rest.disabled_reason).toMatch(/410/);
    expect(rest.disabled_at).toMatch(/Z$/);
    const gql = await app.gql(`query($id: ID!) { webhook(id: $id) { active disabledReason disabledAt } }`, { id }, admin.token);
    expect(gql.body.data.webhook.disabledReason).toBe(rest.disabled_reason);
    expect(receiver.received).toHaveLength(1);

    await createIssue(app, admin, project.id);
    await settle(500);
    expect(receiver.received).toHaveLength(1);

    receiver.reply = () => ({ status: 200 });
    const enabled = await app.rest("PATCH", `/api/v1/webhooks/${id}`, { token: admin.token, body: { active: true } });
    expect(enabled.body.data).toMatchObject({ active: true, disabled_reason: null, disabled_at: null });
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 2);
  });

  it("disables a hook whose deliveries keep failing after every retry", async () => {
    receiver.reply = () => ({ status: 500 });
    const { id } = await hook({ events: ["issue.created"] });
    await createIssue(app, admin, project.id);
    await createIssue(app, admin, project.id);
    await eventually(async () => (await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).body.data.active === false, 15_000);
    const read = (await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).body.data;
    expect(read.disabled_reason).toMatch(/2 deliveries in a row failed/);
    expect(receiver.received).toHaveLength(6);
    expect((await deliveriesOf(id)).map((delivery: any) => delivery.status)).toEqual(["failed", "failed"]);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    receiver.reply = () => ({ status: 200, hang: true });
    const { id } = await hook({ events: ["issue.created"] });
    await createIssue(app, admin, project.id);
    await eventually(async () => (await deliveriesOf(id))[0]?.attempts.length >= 1, 5000);
    const [attempt] = (await deliveriesOf(id))[0].attempts;
    expect(attempt.response_status).toBeNull();
    expect(attempt.error).toMatch(/timed out/);
    expect(attempt.duration_ms).toBeGreaterThanOrEqual(900);
    expect(attempt.duration_ms).toBeLessThan(5000);
  });

  it("fails a delivery whose job is parked after failing inside (here: a secret it cannot open), instead of leaving it pending", async () => {
    const { id } = await hook({ events: ["issue.created"] });
    await app.server.database.db.execute(sql`update webhooks set secret_ciphertext = 'v1.not.a.secret' where id = ${id}`);
    await createIssue(app, admin, project.id);
    // Attempts wait up to seconds apart by default: make the next one due, and the last.
    await eventually(async () => {
      const moved: unknown = await app.server.database.db.execute(sql`update jobs set max_attempts = attempts + 1, run_at = now()
        where name = 'webhook.deliver' and state = 'queued' and attempts >= 1 returning id`);
      return (Array.isArray(moved) ? moved : (moved as { rows: unknown[] }).rows).length > 0;
    }, 10_000, "a failed attempt");
    await eventually(async () => (await deliveriesOf(id))[0]?.status === "failed", 5000, "the delivery failed");
    expect(receiver.received).toEqual([]);
    expect(app.logs.some((line) => line.msg === "webhook delivery given up")).toBe(true);
  });

  it("refuses to start a process whose webhook key cannot open the stored secrets", async () => {
    await hook({ events: ["issue.created"] });
    const otherKey = { WEBHOOK_SECRET_KEY: "ab".repeat(32), DATA_DIR: mkdtempSync(join(tmpdir(), "pm-test-")) };
    const starting = app.databaseUrl
      ? startSecondInstance(app, otherKey)
      : startServer(loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...otherKey }), { log: createLogger("silent"), database: app.server.database });
    await expect(starting).rejects.toThrow(/^WEBHOOK_SECRET_KEY: this key does not open the webhook secrets/);
  });

  it("does not follow redirects", async () => {
    const target = await startReceiver();
    try {
      receiver.reply = () => ({ status: 302, headers: { location: target.url } });
      const { id } = await hook({ events: ["issue.created"] });
      await createIssue(app, admin, project.id);
      await eventually(async () => (await deliveriesOf(id))[0]?.attempts.length >= 1);
      expect((await deliveriesOf(id))[0].attempts[0].response_status).toBe(302);
      await settle(300);
      expect(target.received).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it("pings, and redelivers a finished delivery with the same id", async () => {
    const { id, secret } = await hook({ events: ["issue.deleted"] });
    const ping = await app.rest("POST", `/api/v1/webhooks/${id}/ping`, { token: admin.token });
    expect(ping.status).toBe(202);
    expect(ping.body.data).toMatchObject({ event: "ping", status: "pending" });
    await eventually(() => receiver.received.length === 1);
    expect(receiver.received[0]!.json).toMatchObject({ event: "ping", webhook_id: id, delivery_id: ping.body.data.id });
    expect(githubSignatureValid(receiver.received[0]!, secret)).toBe(true);

    await eventually(async () => (await deliveriesOf(id))[0]?.status === "succeeded");
    const pending = await app.gql(
      `mutation($w: ID!, $d: ID!) { redeliverWebhookDelivery(webhookId: $w, deliveryId: $d) { delivery { id status } } }`,
      { w: id, d: ping.body.data.id },
      admin.token,
    );
    expect(pending.body.data.redeliverWebhookDelivery.delivery).toEqual({ id: ping.body.data.id, status: "pending" });
    await eventually(() => receiver.received.length === 2);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    await eventually(async () => (await deliveriesOf(id))[0]?.attempts.length === 2);

    const missing = await app.rest("POST", `/api/v1/webhooks/${id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`, { token: admin.token });
    expect(missing.status).toBe(404);
  });

  it("signs with both secrets while a rotation overlaps", async () => {
    const { id, secret: old } = await hook({ events: ["issue.created"] });
    const rotated = await app.rest("POST", `/api/v1/webhooks/${id}/rotate-secret`, { token: admin.token });
    const fresh = rotated.body.data.secret;
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 1);
    const [request] = receiver.received;
    expect(githubSignatureValid(request!, fresh)).toBe(true);
    expect(githubSignatureValid(request!, old, "x-hub-signature-256-previous")).toBe(true);
    expect(() => new Webhook(fresh).verify(request!.body, standardHeaders(request!))).not.toThrow();
    expect(() => new Webhook(old).verify(request!.body, standardHeaders(request!))).not.toThrow();
  });

  it("stops and disables a hook whose owner lost access to what it carries", async () => {
    const owner = await addMember(app, admin);
    await addToProject(app, admin, project.id, owner.user.id, "admin");
    const { id } = await hook({ events: ["issue.created"], filters: { project_id: project.id } }, owner);
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 1);

    const demoted = await app.rest("PUT", `/api/v1/projects/${project.id}/members/${owner.user.id}`, { token: admin.token, body: { role: "member" } });
    expect(demoted.status).toBe(200);
    await createIssue(app, admin, project.id);
    await eventually(async () => (await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).body.data.active === false);
    expect((await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).body.data.disabled_reason).toMatch(/no longer administers/);
    expect(receiver.received).toHaveLength(1);
  });

  it("refuses at send time an address that is not allowed, whatever the hook's URL said at registration", async () => {
    const strict = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: "localhost", WEBHOOK_RETRY_SCHEDULE: "0", JOB_POLL_INTERVAL_MS: "100" });
    try {
      const owner = await registerWorkspace(strict);
      const refused = await strict.rest("POST", "/api/v1/webhooks", { token: owner.token, body: { url: receiver.url, events: ["project.created"] } });
      expect(refused.body.error.details[0].code).toBe("URL_NOT_PUBLIC");
      const created = await strict.rest("POST", "/api/v1/webhooks", { token: owner.token, body: { url: receiver.url.replace("127.0.0.1", "localhost"), events: ["project.created"] } });
      expect(created.status).toBe(201);
      await createProject(strict, owner);
      await eventually(() => receiver.received.length === 1, 5000, "the allowed name is delivered");

      // As a DNS answer that changed after registration would: the hook now reaches an address not on the list.
      await strict.server.database.db.execute(sql`update webhooks set url = ${receiver.url} where id = ${created.body.data.id}`);
      await createProject(strict, owner);
      await eventually(async () => {
        const log = await strict.rest("GET", `/api/v1/webhooks/${created.body.data.id}/deliveries`, { token: owner.token });
        return log.body.data[0]?.status === "failed";
      }, 5000);
      const [delivery] = (await strict.rest("GET", `/api/v1/webhooks/${created.body.data.id}/deliveries`, { token: owner.token })).body.data;
      expect(delivery.attempts.every((attempt: any) => attempt.response_status === null && /not public/.test(attempt.error))).toBe(true);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await strict.stop();
    }
  });

  it("never shows or logs a secret after creation", async () => {
    const { id, secret } = await hook({ events: ["issue.created"] });
    await createIssue(app, admin, project.id);
    await eventually(() => receiver.received.length === 1);
    const answers = [
      await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token }),
      await app.rest("GET", `/api/v1/webhooks/${id}/deliveries`, { token: admin.token }),
      await app.gql(`query($id: ID!) { webhook(id: $id) { id deliveries { nodes { body attempts { responseBody } } } } }`, { id }, admin.token),
    ];
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(secret.slice(6));
    expect(JSON.stringify(app.logs)).not.toContain(secret.slice(6));
  });
});

describe("outbox and queue", () => {
  it("sends nothing for a change that rolled back", async () => {
    const { id } = await hook({ events: ["project.updated"] });
    const tenantId = await tenantOf(admin);
    // A change that appended its event and then failed: the event, and the fan-out its trigger enqueued, go with it.
    await app.server.database.db
      .transaction(async (tx) => {
        await appendEvents(tx, { type: "project.updated", tenantId, projectId: project.id, actorId: admin.user.id });
        throw new Error("the change fails after its event");
      })
      .catch(() => {});
    await settle(500);
    expect(receiver.received).toHaveLength(0);
    expect(await deliveriesOf(id)).toEqual([]);
  });

  it("keeps a hook's scope on an empty filter, and clears its delivery log when the scope moves", async () => {
    const { id } = await hook({ events: ["issue.created"] });
    await createIssue(app, admin, project.id);
    await eventually(async () => (await deliveriesOf(id)).length === 1);
    const unchanged = await app.rest("PATCH", `/api/v1/webhooks/${id}`, { token: admin.token, body: { filters: {} } });
    expect(unchanged.body.data.filters).toEqual({ project_id: null });
    expect(await deliveriesOf(id)).toHaveLength(1);
    const narrowed = await app.rest("PATCH", `/api/v1/webhooks/${id}`, { token: admin.token, body: { filters: { project_id: project.id } } });
    expect(narrowed.body.data.filters).toEqual({ project_id: project.id });
    expect(await deliveriesOf(id)).toEqual([]);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("with two API instances, makes each attempt once", async () => {
    const second = await startSecondInstance(app, SETTINGS);
    try {
      const { id } = await hook({ events: ["issue.created"] });
      for (let index = 0; index < 20; index++) await createIssue(app, admin, project.id);
      await eventually(() => receiver.received.length >= 20, 15_000);
      await settle(1000);
      const ids = receiver.received.map((request) => request.json.delivery_id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
      const log = await deliveriesOf(id);
      expect(log.every((delivery: any) => delivery.attempts.length === 1)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
