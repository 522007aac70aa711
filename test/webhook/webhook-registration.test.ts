import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

const RECEIVER = "http://127.0.0.1:9/hook";
const WEBHOOK = `id url events active filters { projectId } disabledReason owner { id } createdAt`;

let app: TestApp;
let admin: SignedIn;
let projectAdmin: SignedIn;
let member: SignedIn;
let project: { id: string };
let otherProject: { id: string };

beforeAll(async () => {
  app = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
  admin = await registerWorkspace(app);
  projectAdmin = await addMember(app, admin);
  member = await addMember(app, admin);
  project = await createProject(app, admin);
  otherProject = await createProject(app, admin);
  await addToProject(app, admin, project.id, projectAdmin.user.id, "admin");
  await addToProject(app, admin, project.id, member.user.id, "member");
  await addToProject(app, admin, otherProject.id, projectAdmin.user.id, "member");
}, 60_000);

afterAll(() => app.stop());

const create = (who: SignedIn, body: Record<string, unknown>) => app.rest("POST", "/api/v1/webhooks", { token: who.token, body });

describe("registering a webhook (seed 001 §14.2)", () => {
  it("answers 201 with the hook and a generated secret, shown once", async () => {
    const created = await create(admin, { url: RECEIVER, events: ["issue.created", "issue.updated"] });
    expect(created.status).toBe(201);
    const hook = created.body.data;
    expect(hook).toMatchObject({ url: RECEIVER, events: ["issue.created", "issue.updated"], active: true, filters: { project_id: null } });
    expect(hook.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook.created_at).toMatch(/Z$/);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(hook.secret.slice(6), "base64")).toHaveLength(32);

    const read = await app.rest("GET", `/api/v1/webhooks/${hook.id}`, { token: admin.token });
    expect(read.status).toBe(200);
    expect(read.body.data.secret).toBeUndefined();
    const listed = await app.rest("GET", "/api/v1/webhooks", { token: admin.token });
    const updated = await app.rest("PATCH", `/api/v1/webhooks/${hook.id}`, { token: admin.token, body: { events: ["issue.deleted"] } });
    expect(updated.body.data.events).toEqual(["issue.deleted"]);
    for (const answer of [read, listed, updated]) expect(JSON.stringify(answer.body)).not.toContain(hook.secret);
    expect(JSON.stringify(app.logs)).not.toContain(hook.secret);
  });

  it("never stores a secret for an idempotent replay: a key on the routes that show one is ignored", async () => {
    const headers = { "idempotency-key": "hook-once" };
    const body = { url: RECEIVER, events: ["issue.created"] };
    const first = await app.rest("POST", "/api/v1/webhooks", { token: admin.token, body, headers });
    const again = await app.rest("POST", "/api/v1/webhooks", { token: admin.token, body, headers });
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body.data.id).not.toBe(first.body.data.id);
    const rotated = await app.rest("POST", `/api/v1/webhooks/${first.body.data.id}/rotate-secret`, { token: admin.token, headers: { "idempotency-key": "rotate-once" } });
    const stored = JSON.stringify(await app.server.database.db.execute(sql`select * from idempotency_keys`));
    for (const secret of [first.body.data.secret, again.body.data.secret, rotated.body.data.secret]) expect(stored).not.toContain(secret.slice(6));
  });

  it("keeps a secret the caller chose, and never shows it again", async () => {
    const created = await create(admin, { url: RECEIVER, events: ["issue.created"], secret: "webhook-secret" });
    expect(created.status).toBe(201);
    expect(created.body.data.secret).toBe("webhook-secret");
    const read = await app.rest("GET", `/api/v1/webhooks/${created.body.data.id}`, { token: admin.token });
    expect(JSON.stringify(read.body)).not.toContain("webhook-secret");
  });

  it("lists every problem of a bad body at once, in REST terms", async () => {
    const refused = await create(admin, { url: "", events: ["issue.exploded"], secret: "short" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("VALIDATION_ERROR");
    const fields = refused.body.error.details.map((detail: { field: string; code: string }) => [detail.field, detail.code]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ["url", "REQUIRED_FIELD_MISSING"],
        ["events.0", "INVALID_ENUM_VALUE"],
        ["secret", "VALUE_TOO_SHORT"],
      ]),
    );
  });

  it.each([
    ["http://127.0.0.2:9/hook", "URL_NOT_PUBLIC"],
    ["http://169.254.169.254/latest/meta-data", "URL_NOT_PUBLIC"],
    ["http://10.1.2.3/hook", "URL_NOT_PUBLIC"],
    ["http://[::1]/hook", "URL_NOT_PUBLIC"],
    ["http://localhost:9/hook", "URL_NOT_PUBLIC"],
    ["ftp://example.com/hook", "URL_SCHEME_NOT_ALLOWED"],
    ["http://user:pass@127.0.0.1:9/hook", "URL_CREDENTIALS_NOT_ALLOWED"],
    ["http://no-such-host.invalid/hook", "URL_NOT_PUBLIC"],
    ["not a url", "URL_INVALID"],
  ])("refuses %s with %s", async (url, code) => {
    const refused = await create(admin, { url, events: ["issue.created"] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: "url", code })]);
  });

  it("lets a project administrator hook only their project's events", async () => {
    const workspaceWide = await create(projectAdmin, { url: RECEIVER, events: ["issue.created"] });
    expect(workspaceWide.status).toBe(400);
    expect(workspaceWide.body.error.details[0]).toMatchObject({ field: "filters.project_id", code: "REQUIRED_FIELD_MISSING" });

    const userEvents = await create(projectAdmin, { url: RECEIVER, events: ["user.created"], filters: { project_id: project.id } });
    expect(userEvents.status).toBe(400);
    expect(userEvents.body.error.details[0].field).toBe("events");

    const notAdmin = await create(projectAdmin, { url: RECEIVER, events: ["issue.created"], filters: { project_id: otherProject.id } });
    expect(notAdmin.status).toBe(403);
    const invisible = await create(member, { url: RECEIVER, events: ["issue.created"], filters: { project_id: "00000000-0000-4000-8000-000000000000" } });
    expect(invisible.status).toBe(404);

    const created = await create(projectAdmin, { url: RECEIVER, events: ["issue.created"], filters: { project_id: project.id } });
    expect(created.status).toBe(201);
    expect(created.body.data.filters).toEqual({ project_id: project.id });
    const widen = await app.rest("PUT", `/api/v1/webhooks/${created.body.data.id}`, { token: projectAdmin.token, body: { filters: { project_id: null } } });
    expect(widen.status).toBe(400);
  });

  it("shows hooks only to those who manage them; another workspace's id answers 404", async () => {
    const created = await create(projectAdmin, { url: RECEIVER, events: ["issue.updated"], filters: { project_id: project.id } });
    const id = created.body.data.id;
    expect((await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).status).toBe(200);
    expect((await app.rest("GET", `/api/v1/webhooks/${id}`, { token: projectAdmin.token })).status).toBe(200);
    expect((await app.rest("GET", `/api/v1/webhooks/${id}`, { token: member.token })).status).toBe(404);
    expect((await app.rest("DELETE", `/api/v1/webhooks/${id}`, { token: member.token })).status).toBe(404);
    const memberList = await app.rest("GET", "/api/v1/webhooks", { token: member.token });
    expect(memberList.body.data).toEqual([]);
    const projectAdminList = await app.rest("GET", "/api/v1/webhooks", { token: projectAdmin.token });
    expect(projectAdminList.body.data.every((hook: any) => hook.filters.project_id === project.id)).toBe(true);

    const stranger = await registerWorkspace(app);
    for (const [method, path] of [
      ["GET", `/api/v1/webhooks/${id}`],
      ["PATCH", `/api/v1/webhooks/${id}`],
      ["DELETE", `/api/v1/webhooks/${id}`],
      ["POST", `/api/v1/webhooks/${id}/ping`],
      ["POST", `/api/v1/webhooks/${id}/rotate-secret`],
      ["GET", `/api/v1/webhooks/${id}/deliveries`],
    ] as const) {
      const answer = await app.rest(method, path, { token: stranger.token, body: method === "PATCH" ? { active: false } : undefined });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    const gql = await app.gql(`query($id: ID!) { webhook(id: $id) { id } }`, { id }, stranger.token);
    expect(gql.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
  });

  it("pages the list", async () => {
    const fresh = await registerWorkspace(app);
    for (let index = 0; index < 3; index++) expect((await create(fresh, { url: `${RECEIVER}/${index}`, events: ["issue.created"] })).status).toBe(201);
    const first = await app.rest("GET", "/api/v1/webhooks?per_page=2", { token: fresh.token });
    expect(first.body.data.map((hook: any) => hook.url)).toEqual([`${RECEIVER}/0`, `${RECEIVER}/1`]);
    expect(first.body.pagination).toEqual({ page: 1, per_page: 2, total: 3, total_pages: 2 });
    const second = await app.rest("GET", "/api/v1/webhooks?per_page=2&page=2", { token: fresh.token });
    expect(second.body.data.map((hook: any) => hook.url)).toEqual([`${RECEIVER}/2`]);
  });

  it("rotates the secret: a new one shown once, the previous one signing for 24 hours", async () => {
    const created = await create(admin, { url: RECEIVER, events: ["issue.created"] });
    const rotated = await app.rest("POST", `/api/v1/webhooks/${created.body.data.id}/rotate-secret`, { token: admin.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(created.body.data.secret);
    const overlap = Date.parse(rotated.body.data.previous_secret_expires_at) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3_600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3_600_000);
    const chosen = await app.rest("POST", `/api/v1/webhooks/${created.body.data.id}/rotate-secret`, { token: admin.token, body: { secret: "a-secret-of-my-own" } });
    expect(chosen.body.data.secret).toBe("a-secret-of-my-own");
  });

  it("deletes: 204, then 404", async () => {
    const created = await create(admin, { url: RECEIVER, events: ["issue.created"] });
    const id = created.body.data.id;
    expect((await app.rest("DELETE", `/api/v1/webhooks/${id}`, { token: admin.token })).status).toBe(204);
    expect((await app.rest("GET", `/api/v1/webhooks/${id}`, { token: admin.token })).status).toBe(404);
  });

  it("behaves the same through GraphQL", async () => {
    const created = await app.gql(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { ${WEBHOOK} } } }`,
      { input: { url: RECEIVER, events: ["comment.created"], filters: { projectId: project.id } } },
      projectAdmin.token,
    );
    expect(created.body.errors).toBeUndefined();
    const { webhook, secret } = created.body.data.createWebhook;
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ url: RECEIVER, events: ["comment.created"], active: true, filters: { projectId: project.id }, owner: { id: projectAdmin.user.id } });

    const refused = await app.gql(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
      { input: { url: "http://10.0.0.1/x", events: ["issue.created"], filters: { projectId: project.id } } },
      projectAdmin.token,
    );
    expect(refused.body.errors[0].extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [expect.objectContaining({ field: "url", code: "URL_NOT_PUBLIC" })] });

    const updated = await app.gql(
      `mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { webhook { active } } }`,
      { id: webhook.id },
      projectAdmin.token,
    );
    expect(updated.body.data.updateWebhook.webhook.active).toBe(false);
    const listed = await app.gql(`{ webhooks(first: 50) { totalCount nodes { id } } }`, {}, member.token);
    expect(listed.body.data.webhooks.nodes).toEqual([]);
    const deleted = await app.gql(`mutation($id: ID!) { deleteWebhook(id: $id) { deletedId } }`, { id: webhook.id }, projectAdmin.token);
    expect(deleted.body.data.deleteWebhook.deletedId).toBe(webhook.id);
  });

  it("requires a signed-in caller", async () => {
    expect((await app.rest("GET", "/api/v1/webhooks")).status).toBe(401);
    expect((await app.rest("POST", "/api/v1/webhooks", { body: { url: RECEIVER, events: ["issue.created"] } })).status).toBe(401);
  });
});
