import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users, type EventRow } from "../../src/db/tables";
import { appendEvents } from "../../src/events/outbox";
import type { RunningServer } from "../../src/http/server";
import { UserViewCache, userViewCacheOf, type FetchUserViews } from "../../src/db/queries/user-view-cache";
import { mailedResetToken, startSecondInstance, startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, login, registerWorkspace, type SignedIn } from "../helpers/factories";
import { settle } from "../helpers/live";

let app: TestApp;
let admin: SignedIn;
let member: SignedIn;
let stranger: SignedIn;
let issueId: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  member = await addMember(app, admin, { first_name: "Mia", last_name: "Member" });
  stranger = await registerWorkspace(app);
  const project = await createProject(app, admin);
  await addToProject(app, admin, project.id, member.user.id);
  issueId = (await createIssue(app, member, project.id, { assignee_id: member.user.id })).id;
});
afterAll(() => app.stop());

/** Reads users from the test database, recording the ids of every read. */
function recordingFetch(): { fetch: FetchUserViews; reads: string[][] } {
  const database = userViewCacheOf(app.server.database.db, { ttlMs: 0, maxEntries: 1 });
  const reads: string[][] = [];
  const fetch: FetchUserViews = async (tenantId, ids) => {
    reads.push([...ids]);
    return (await database.read(tenantId, ids)).filter((row) => row !== null);
  };
  return { fetch, reads };
}

const tenantOf = (user: SignedIn) => JSON.parse(Buffer.from(user.token.split(".")[1]!, "base64url").toString()).tenant_id as string;
const LONG = { ttlMs: 60_000, maxEntries: 100 };

describe("UserViewCache", () => {
  it("serves a user it read again without reading, and reads only the ones it lacks", async () => {
    const { fetch, reads } = recordingFetch();
    const cache = new UserViewCache(fetch, LONG);
    const [first] = await cache.read(tenantOf(admin), [member.user.id]);
    expect(first).toMatchObject({ id: member.user.id, firstName: "Mia" });
    const both = await cache.read(tenantOf(admin), [admin.user.id, member.user.id]);
    expect(both.map((row) => row?.id)).toEqual([admin.user.id, member.user.id]);
    expect(both[1]).toBe(first);
    expect(reads).toEqual([[member.user.id], [admin.user.id]]);
  });

  it("never answers for another tenant, even with the user held", async () => {
    const { fetch, reads } = recordingFetch();
    const cache = new UserViewCache(fetch, LONG);
    await cache.read(tenantOf(admin), [member.user.id]);
    expect(await cache.read(tenantOf(stranger), [member.user.id])).toEqual([null]);
    expect(reads).toHaveLength(2);
  });

  it("keeps nothing it did not find, so a user created later is seen", async () => {
    const { fetch, reads } = recordingFetch();
    const cache = new UserViewCache(fetch, LONG);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await cache.read(tenantOf(admin), [missing])).toEqual([null]);
    expect(await cache.read(tenantOf(admin), [missing])).toEqual([null]);
    expect(reads).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it("reads a user again once its time is up", async () => {
    const { fetch, reads } = recordingFetch();
    const cache = new UserViewCache(fetch, { ttlMs: 500, maxEntries: 100 });
    await cache.read(tenantOf(admin), [member.user.id]);
    await cache.read(tenantOf(admin), [member.user.id]);
    expect(reads).toHaveLength(1);
    await settle(600);
    await cache.read(tenantOf(admin), [member.user.id]);
    expect(reads).toHaveLength(2);
  });

  it("keeps nothing when its time is 0", async () => {
    const { fetch, reads } = recordingFetch();
    const cache = new UserViewCache(fetch, { ttlMs: 0, maxEntries: 100 });
    await cache.read(tenantOf(admin), [member.user.id]);
    await cache.read(tenantOf(admin), [member.user.id]);
    expect(reads).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it("holds at most maxEntries users, letting the longest held go first", async () => {
    const { fetch, reads } = recordingFetch();
    const cache = new UserViewCache(fetch, { ttlMs: 60_000, maxEntries: 1 });
    await cache.read(tenantOf(admin), [member.user.id]);
    await cache.read(tenantOf(admin), [admin.user.id]);
    expect(cache.size).toBe(1);
    await cache.read(tenantOf(admin), [admin.user.id]);
    await cache.read(tenantOf(admin), [member.user.id]);
    expect(reads).toEqual([[member.user.id], [admin.user.id], [member.user.id]]);
  });

  it("does not keep what a read returned if a user was forgotten while it ran", async () => {
    const { fetch, reads } = recordingFetch();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const cache = new UserViewCache(async (tenantId, ids) => {
      const rows = await fetch(tenantId, ids);
      await gate;
      return rows;
    }, LONG);
    const reading = cache.read(tenantOf(admin), [member.user.id]);
    cache.forget(member.user.id);
    release();
    expect((await reading)[0]).toMatchObject({ id: member.user.id });
    await cache.read(tenantOf(admin), [member.user.id]);
    expect(reads).toHaveLength(2);
  });

  it("forgets the users that user events name, and only those", async () => {
    const { fetch, reads } = recordingFetch();
    const cache = new UserViewCache(fetch, LONG);
    await cache.read(tenantOf(admin), [admin.user.id, member.user.id]);
    const event = (type: string, subjectUserId: string) => ({ type, subjectUserId }) as EventRow;
    cache.forgetChangedUsers([event("issue.updated", admin.user.id), event("user.updated", member.user.id)]);
    await cache.read(tenantOf(admin), [admin.user.id, member.user.id]);
    expect(reads).toEqual([[admin.user.id, member.user.id], [member.user.id]]);
  });
});

async function resetPassword(target: TestApp, email: string): Promise<void> {
  const sent = target.logs.filter((line) => line.mail?.to === email).length;
  await target.rest("POST", "/api/v1/auth/forgot-password", { body: { email } });
  const token = await mailedResetToken(target, email, sent + 1);
  const reset = await target.rest("POST", "/api/v1/auth/reset-password", { body: { token, password: "Fresh3rPass" } });
  expect(reset.status).toBe(200);
}

const ISSUE_ASSIGNEE = `query($id: ID!) { issue(id: $id) { assignee { displayName isActive updatedAt } } }`;

async function assigneeSeen(token: string) {
  const rest = await app.rest("GET", `/api/v1/issues/${issueId}`, { token });
  const graphql = await app.gql(ISSUE_ASSIGNEE, { id: issueId }, token);
  return { rest: rest.body.data.assignee.display_name as string, graphql: graphql.body.data.issue.assignee };
}

describe("users shown inside other objects", () => {
  it("show a change made through this instance at once, through REST and GraphQL", async () => {
    expect((await assigneeSeen(admin.token)).rest).toBe("Mia Member");
    const renamed = await app.rest("PUT", `/api/v1/users/${member.user.id}`, { token: member.token, body: { first_name: "Mara" } });
    expect(renamed.status).toBe(200);
    const seen = await assigneeSeen(admin.token);
    expect(seen.rest).toBe("Mara Member");
    expect(seen.graphql).toMatchObject({ displayName: "Mara Member", isActive: true, updatedAt: renamed.body.data.updated_at });

    const deactivated = await app.gql(`mutation($id: ID!) { updateUser(id: $id, input: { isActive: false }) { user { isActive } } }`, { id: member.user.id }, admin.token);
    expect(deactivated.body.data.updateUser.user.isActive).toBe(false);
    expect((await assigneeSeen(admin.token)).graphql.isActive).toBe(false);
  });

  it("show a change made through this instance before its event arrives", async () => {
    const quiet = await startTestApp();
    try {
      const owner = await registerWorkspace(quiet, { first_name: "Olga", last_name: "Owner" });
      const project = await createProject(quiet, owner);
      const issue = await createIssue(quiet, owner, project.id);
      const reporter = async () => (await quiet.rest("GET", `/api/v1/issues/${issue.id}`, { token: owner.token })).body.data.reporter.display_name;
      expect(await reporter()).toBe("Olga Owner");
      const reporterUpdatedAt = async (token = owner.token) =>
        (await quiet.gql(`query($id: ID!) { issue(id: $id) { reporter { updatedAt } } }`, { id: issue.id }, token)).body.data.issue.reporter.updatedAt;
      const before = await reporterUpdatedAt();
      // No event reaches this instance from now on: only its own forgetting can show the changes.
      await quiet.server.bus.stop();
      await quiet.rest("PUT", `/api/v1/users/${owner.user.id}`, { token: owner.token, body: { last_name: "Other" } });
      expect(await reporter()).toBe("Olga Other");
      const renamedAt = await reporterUpdatedAt();
      expect(new Date(renamedAt).getTime()).toBeGreaterThan(new Date(before).getTime());
      await resetPassword(quiet, owner.email);
      const signedInAgain = await login(quiet, owner.email, "Fresh3rPass");
      expect(new Date(await reporterUpdatedAt(signedInAgain.token)).getTime()).toBeGreaterThan(new Date(renamedAt).getTime());
    } finally {
      await quiet.stop();
    }
  });

  it("show a change another instance made once its event arrives", async () => {
    const user = await addMember(app, admin, { first_name: "Eva", last_name: "Event" });
    const project = await createProject(app, admin);
    await addToProject(app, admin, project.id, user.user.id);
    const issue = await createIssue(app, user, project.id);
    const reporter = async () => (await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token })).body.data.reporter.display_name;
    expect(await reporter()).toBe("Eva Event");
    // What another instance's updateUser leaves behind: the row changed and its event committed, nothing said to this instance.
    const db = app.server.database.db;
    await db.transaction(async (tx) => {
      await tx.update(users).set({ lastName: "Elsewhere" }).where(eq(users.id, user.user.id));
      await appendEvents(tx, { type: "user.updated", tenantId: tenantOf(admin), actorId: admin.user.id, subjectUserId: user.user.id, payload: { changes: ["lastName"] } });
    });
    let seen = await reporter();
    for (let attempt = 0; seen !== "Eva Elsewhere" && attempt < 100; attempt++) {
      await settle(50);
      seen = await reporter();
    }
    expect(seen).toBe("Eva Elsewhere");
  });
});

/** A second instance needs a server PostgreSQL; PGlite serves one process. */
describe.runIf(process.env.DATABASE_URL)("on PostgreSQL, across instances", () => {
  let second: RunningServer;
  beforeAll(async () => {
    second = await startSecondInstance(app);
  });
  afterAll(() => second.stop());

  it("shows on instance B a change made through instance A once its event arrives", async () => {
    const user = await addMember(app, admin, { first_name: "Ben", last_name: "Before" });
    const project = await createProject(app, admin);
    await addToProject(app, admin, project.id, user.user.id);
    const issue = await createIssue(app, user, project.id);
    const reporterOnB = async () => {
      const response = await fetch(`${second.url}/api/v1/issues/${issue.id}`, { headers: { authorization: `Bearer ${admin.token}` } });
      return ((await response.json()) as any).data.reporter.display_name as string;
    };
    expect(await reporterOnB()).toBe("Ben Before");
    await app.rest("PUT", `/api/v1/users/${user.user.id}`, { token: admin.token, body: { last_name: "After" } });
    const deadline = Date.now() + 5000;
    let seen = await reporterOnB();
    while (seen !== "Ben After" && Date.now() < deadline) {
      await settle(50);
      seen = await reporterOnB();
    }
    expect(seen).toBe("Ben After");
  });
});
