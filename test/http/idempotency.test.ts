import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeys } from "../../src/db/tables";
import { claimKey, fingerprintOf, pruneExpiredKeys } from "../../src/services/idempotency/idempotency.service";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let admin: SignedIn;
let projectId: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  projectId = (await createProject(app, admin)).id;
});
afterAll(() => app.stop());

let sequence = 0;
const uniqueKey = () => `key-${Date.now()}-${++sequence}`;

const postIssue = (key: string, body: Record<string, unknown>, token = admin.token) =>
  app.rest("POST", "/api/v1/issues", { token, body, headers: { "idempotency-key": key } });

const issueCount = async () => (await app.rest("GET", `/api/v1/issues?project_id=${projectId}`, { token: admin.token })).body.pagination.total;

describe("Idempotency-Key on REST POSTs", () => {
  it("runs a request once and replays its response for a repeat", async () => {
    const key = uniqueKey();
    const before = await issueCount();
    const first = await postIssue(key, { project_id: projectId, summary: "Once", issue_type: "Task" });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // Same body with its fields in another order.
    const repeat = await postIssue(key, { summary: "Once", issue_type: "Task", project_id: projectId });
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    expect(repeat.body).toEqual(first.body);
    expect(await issueCount()).toBe(before + 1);
  });

  it("answers 422 for the same key with a different body", async () => {
    const key = uniqueKey();
    expect((await postIssue(key, { project_id: projectId, summary: "A", issue_type: "Task" })).status).toBe(201);
    const other = await postIssue(key, { project_id: projectId, summary: "B", issue_type: "Task" });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("answers 409 while the first request holding the key is running, and lets a retry run once its holder died", async () => {
    const key = uniqueKey();
    const body = { name: "Concurrent", key: "CONC" };
    // Another instance is in the middle of this very request.
    const owner = `user:${admin.user.id}`;
    const claim = await claimKey(app.server.database.db, { owner, scope: "rest", key }, fingerprintOf("POST", "/api/v1/projects", body));
    expect(claim.kind).toBe("claimed");
    const busy = await app.rest("POST", "/api/v1/projects", { token: admin.token, body, headers: { "idempotency-key": key } });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe("IDEMPOTENT_REQUEST_IN_PROGRESS");

    await app.server.database.db.update(idempotencyKeys).set({ lockedUntil: sql`now() - interval '1 second'` }).where(sql`${idempotencyKeys.key} = ${key}`);
    const retried = await app.rest("POST", "/api/v1/projects", { token: admin.token, body, headers: { "idempotency-key": key } });
    expect(retried.status).toBe(201);
    const replayed = await app.rest("POST", "/api/v1/projects", { token: admin.token, body, headers: { "idempotency-key": key } });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.body.data.id).toBe(retried.body.data.id);
  });

  it("stores client errors too, and keeps keys apart per caller", async () => {
    const key = uniqueKey();
    const invalid = await postIssue(key, { project_id: projectId, summary: "", issue_type: "Task" });
    expect(invalid.status).toBe(400);
    const again = await postIssue(key, { project_id: projectId, summary: "", issue_type: "Task" });
    expect(again.status).toBe(400);
    expect(again.headers.get("idempotent-replayed")).toBe("true");

    const member = await addMember(app, admin);
    await app.rest("POST", `/api/v1/projects/${projectId}/members`, { token: admin.token, body: { user_id: member.user.id, role: "member" } });
    const shared = uniqueKey();
    const mine = await postIssue(shared, { project_id: projectId, summary: "Same key", issue_type: "Task" });
    const theirs = await postIssue(shared, { project_id: projectId, summary: "Same key", issue_type: "Task" }, member.token);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.data.id).not.toBe(mine.body.data.id);
  });

  it("forgets keys after 24 hours", async () => {
    const key = uniqueKey();
    expect((await postIssue(key, { project_id: projectId, summary: "Old", issue_type: "Task" })).status).toBe(201);
    await app.server.database.db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(sql`${idempotencyKeys.key} = ${key}`);
    const reused = await postIssue(key, { project_id: projectId, summary: "New", issue_type: "Task" });
    expect(reused.status).toBe(201);
    expect(reused.headers.get("idempotent-replayed")).toBeNull();

    await app.server.database.db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(sql`${idempotencyKeys.key} = ${key}`);
    await pruneExpiredKeys(app.server.database.db);
    expect(await app.server.database.db.select().from(idempotencyKeys).where(sql`${idempotencyKeys.key} = ${key}`)).toEqual([]);
  });

  it("refuses malformed keys and ignores keys on routes that return credentials", async () => {
    const tooLong = await postIssue("k".repeat(256), { project_id: projectId, summary: "x", issue_type: "Task" });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0]).toMatchObject({ field: "idempotency_key", code: "INVALID_FORMAT" });
    const spaced = await postIssue("has space", { project_id: projectId, summary: "x", issue_type: "Task" });
    expect(spaced.status).toBe(400);

    const key = uniqueKey();
    const login = () => app.rest("POST", "/api/v1/auth/login", { body: { email: admin.email, password: admin.password }, headers: { "idempotency-key": key } });
    const [first, second] = [await login(), await login()];
    expect(second.headers.get("idempotent-replayed")).toBeNull();
    expect(second.body.data.refresh_token).not.toBe(first.body.data.refresh_token);
  });
});

describe("idempotencyKey on GraphQL create mutations", () => {
  const create = (input: Record<string, unknown>) =>
    app.gql(`mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id key name } } }`, { input }, admin.token);

  it("returns what the first call created for a repeat, and refuses the key for other input", async () => {
    const key = uniqueKey();
    const first = await create({ key: "IDEM", name: "Idempotent", idempotencyKey: key });
    expect(first.body.errors).toBeUndefined();
    const repeat = await create({ name: "Idempotent", key: "IDEM", idempotencyKey: key });
    expect(repeat.body.errors).toBeUndefined();
    expect(repeat.body.data.createProject.project).toEqual(first.body.data.createProject.project);

    const other = await create({ key: "IDEM2", name: "Other", idempotencyKey: key });
    expect(other.body.errors[0].extensions.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(other.body.data).toBeNull();

    const issue = (input: Record<string, unknown>) =>
      app.gql(`mutation($input: CreateIssueInput!) { createIssue(input: $input) { issue { id key } } }`, { input }, admin.token);
    const issueKey = uniqueKey();
    const created = await issue({ projectId, summary: "Via GraphQL", issueType: "Task", idempotencyKey: issueKey });
    const repeated = await issue({ projectId, summary: "Via GraphQL", issueType: "Task", idempotencyKey: issueKey });
    expect(repeated.body.data.createIssue.issue).toEqual(created.body.data.createIssue.issue);
  });

  it("lets a retry run when the first call failed", async () => {
    const key = uniqueKey();
    const taken = await create({ key: "IDEM", name: "Duplicate key", idempotencyKey: key });
    expect(taken.body.errors[0].extensions.code).toBe("RESOURCE_ALREADY_EXISTS");
    const fixed = await create({ key: "IDEM", name: "Duplicate key", idempotencyKey: key });
    // Not a replay of the failure: the request ran again (and failed again on its own).
    expect(fixed.body.errors[0].extensions.code).toBe("RESOURCE_ALREADY_EXISTS");
    const malformed = await create({ key: "IDEM3", name: "Bad key", idempotencyKey: "" });
    expect(malformed.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
  });
});
