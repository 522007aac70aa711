import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { decodeJwt } from "jose";
import { events, type EventRow } from "../../src/db/tables";
import { appendEvents } from "../../src/events/outbox";
import { housekeepingJob } from "../../src/jobs/housekeeping";
import { createLogger } from "../../src/http/logger";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { connect, eventually, settle, subscribe, type LiveClient } from "../helpers/live";

let app: TestApp;
let admin: SignedIn;
let dev: SignedIn;
let outsider: SignedIn;
let project: { id: string; key: string };
const clients: LiveClient[] = [];
const live = (token?: string, target = app) => {
  const client = connect(target.url, token);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  dev = await addMember(app, admin);
  outsider = await registerWorkspace(app);
  project = await createProject(app, admin, { key: "LIVE" });
  await addToProject(app, admin, project.id, dev.user.id);
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await app.stop();
});

const ISSUE_UPDATED = `subscription($p: ID!) { issueUpdated(projectId: $p) { id key summary status assignee { id } reporter { id } project { key } } }`;
const ISSUE_EVENTS = `subscription($p: ID!) { issueEvents(projectId: $p) { type types issue { id key status } actor { id } occurredAt changes } }`;
const PROJECT_UPDATED = `subscription($id: ID!) { projectUpdated(id: $id) { id name members { user { id } role } } }`;

describe("issueUpdated", () => {
  it("delivers changes made through REST and through GraphQL", async () => {
    const feed = subscribe(live(dev.token), ISSUE_UPDATED, { p: project.id });
    await settle(200);
    const issue = await createIssue(app, admin, project.id, { summary: "Live one" });
    await app.gql(`mutation($id: ID!) { updateIssue(id: $id, input: { status: "In Progress", assigneeId: "${dev.user.id}" }) { issue { id } } }`, { id: issue.id }, admin.token);
    await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "hi" } });
    const items = await feed.waitFor(3);
    expect(items.map((item) => item.issueUpdated)).toEqual([
      { id: issue.id, key: issue.key, summary: "Live one", status: "Open", assignee: null, reporter: { id: admin.user.id }, project: { key: "LIVE" } },
      { id: issue.id, key: issue.key, summary: "Live one", status: "In Progress", assignee: { id: dev.user.id }, reporter: { id: admin.user.id }, project: { key: "LIVE" } },
      expect.objectContaining({ id: issue.id, status: "In Progress" }),
    ]);
    feed.stop();
  });

  it("refuses projects the subscriber cannot see, with a code, and delivers nothing", async () => {
    const hidden = await createProject(app, admin);
    for (const [token, projectId] of [[dev.token, hidden.id], [outsider.token, project.id], [dev.token, "not-a-uuid"]] as const) {
      const feed = subscribe(live(token), ISSUE_UPDATED, { p: projectId });
      await eventually(() => feed.errors.length > 0, 5000, "subscription error");
      expect(feed.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
      await createIssue(app, admin, hidden.id);
      await settle(100);
      expect(feed.items).toEqual([]);
    }
  });
});

describe("issueEvents", () => {
  it("delivers every issue event type with its changes, deletions included", async () => {
    const feed = subscribe(live(dev.token), ISSUE_EVENTS, { p: project.id });
    await settle(200);
    const issue = await createIssue(app, dev, project.id, { summary: "Eventful" });
    await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: dev.token, body: { status: "Done", assignee_id: dev.user.id } });
    await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: dev.token, body: { content: "done" } });
    await app.rest("DELETE", `/api/v1/issues/${issue.id}`, { token: dev.token });
    const items = (await feed.waitFor(4)).map((item) => item.issueEvents);
    await settle();
    expect(feed.items).toHaveLength(4);
    expect(items.map((event) => event.types)).toEqual([
      ["issue.created"],
      ["issue.updated", "issue.status_changed", "issue.assigned", "workflow.transition_executed"],
      ["comment.created"],
      ["issue.deleted"],
    ]);
    expect(items.map((event) => event.type)).toEqual(["issue.created", "issue.updated", "comment.created", "issue.deleted"]);
    expect(items[1].changes).toEqual([
      { field: "status", from: "Open", to: "Done" },
      { field: "assignee_id", from: null, to: dev.user.id },
    ]);
    expect(items[3]).toMatchObject({ type: "issue.deleted", issue: { id: issue.id, key: issue.key }, actor: { id: dev.user.id } });
    expect(Date.parse(items[0].occurredAt)).not.toBeNaN();
    feed.stop();
  });

  it("delivers one change as one message on each feed, naming every type it is", async () => {
    const updated = subscribe(live(dev.token), `subscription($p: ID!) { issueUpdated(projectId: $p) { id status summary } }`, { p: project.id });
    const events = subscribe(live(dev.token), `subscription($p: ID!) { issueEvents(projectId: $p) { type types changes } }`, { p: project.id });
    await settle(200);
    const messages = async (count: number) => {
      await updated.waitFor(count);
      await events.waitFor(count);
      await settle();
      expect([updated.items.length, events.items.length]).toEqual([count, count]);
      return { issue: updated.items.at(-1).issueUpdated, event: events.items.at(-1).issueEvents };
    };
    const issue = await createIssue(app, admin, project.id, { summary: "Once" });
    expect((await messages(1)).event).toEqual({ type: "issue.created", types: ["issue.created"], changes: null });
    const update = async (input: string) => {
      const response = await app.gql(`mutation($id: ID!) { updateIssue(id: $id, input: { ${input} }) { issue { id } } }`, { id: issue.id }, admin.token);
      expect(response.body.errors).toBeUndefined();
    };

    await update(`status: "In Progress"`);
    const moved = await messages(2);
    expect(moved.issue).toEqual({ id: issue.id, status: "In Progress", summary: "Once" });
    expect(moved.event).toEqual({
      type: "issue.updated",
      types: ["issue.updated", "issue.status_changed", "workflow.transition_executed"],
      changes: [{ field: "status", from: "Open", to: "In Progress" }],
    });

    await update(`summary: "Once more"`);
    expect((await messages(3)).event).toEqual({ type: "issue.updated", types: ["issue.updated"], changes: [{ field: "summary", from: "Once", to: "Once more" }] });

    await update(`assigneeId: "${dev.user.id}"`);
    expect((await messages(4)).event).toEqual({
      type: "issue.updated",
      types: ["issue.updated", "issue.assigned"],
      changes: [{ field: "assignee_id", from: null, to: dev.user.id }],
    });
    updated.stop();
    events.stop();
  });

  it("shows links by the subscriber's role as of each event: a demoted administrator stops seeing other projects' issues at once", async () => {
    const deputy = await addMember(app, admin, { roles: ["user", "admin"] });
    await addToProject(app, admin, project.id, deputy.user.id);
    const vault = await createProject(app, admin, { key: "DEMOTED" });
    const hidden = await createIssue(app, admin, vault.id);
    const issue = await createIssue(app, admin, project.id);
    expect((await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: hidden.id } })).status).toBe(201);
    const feed = subscribe(live(deputy.token), `subscription($p: ID!) { issueEvents(projectId: $p) { issue { id links { issue { id } } } } }`, { p: project.id });
    await settle(200);
    await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: "Seen as administrator" } });
    await feed.waitFor(1);
    const demoted = await app.rest("PATCH", `/api/v1/users/${deputy.user.id}`, { token: admin.token, body: { roles: ["user"] } });
    expect(demoted.status).toBe(200);
    await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: "Seen as member" } });
    const links = (await feed.waitFor(2)).map((item) => item.issueEvents.issue.links);
    expect(links).toEqual([[{ issue: { id: hidden.id } }], []]);
    feed.stop();
  });

  it("shows a deleted issue without the links to projects its deleter could not see", async () => {
    const vault = await createProject(app, admin, { key: "VAULTED" });
    const hidden = await createIssue(app, admin, vault.id);
    const issue = await createIssue(app, dev, project.id, { summary: "Linked elsewhere" });
    const linked = await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: hidden.id } });
    expect(linked.status).toBe(201);
    const feed = subscribe(live(admin.token), `subscription($p: ID!) { issueEvents(projectId: $p) { type issue { id links { type issue { id } } } } }`, {
      p: project.id,
    });
    await settle(200);
    expect((await app.rest("DELETE", `/api/v1/issues/${issue.id}`, { token: dev.token })).status).toBe(204);
    const [event] = (await feed.waitFor(1)).map((item) => item.issueEvents);
    expect(event).toEqual({ type: "issue.deleted", issue: { id: issue.id, links: [] } });
    const other = await app.gql(`query($id: ID!) { issue(id: $id) { links { id } } }`, { id: hidden.id }, admin.token);
    expect(other.body.data.issue.links).toEqual([]);
    feed.stop();
  });
});

describe("projectUpdated", () => {
  it("fires on project changes and membership changes", async () => {
    const board = await createProject(app, admin);
    const carol = await addMember(app, admin);
    const feed = subscribe(live(admin.token), PROJECT_UPDATED, { id: board.id });
    await settle(200);
    await app.rest("PATCH", `/api/v1/projects/${board.id}`, { token: admin.token, body: { name: "Renamed board" } });
    await addToProject(app, admin, board.id, carol.user.id, "viewer");
    // An event shows the project as it is when the event is delivered: removing Carol before then would show her gone.
    await feed.waitFor(2);
    await app.rest("DELETE", `/api/v1/projects/${board.id}/members/${carol.user.id}`, { token: admin.token });
    const items = (await feed.waitFor(3)).map((item) => item.projectUpdated);
    expect(items[0].name).toBe("Renamed board");
    expect(items[1].members.map((member: any) => member.user.id)).toContain(carol.user.id);
    expect(items[2].members.map((member: any) => member.user.id)).not.toContain(carol.user.id);
  });

  it("completes when the project is deleted", async () => {
    const doomed = await createProject(app, admin);
    const feed = subscribe(live(admin.token), PROJECT_UPDATED, { id: doomed.id });
    await settle(200);
    await app.rest("DELETE", `/api/v1/projects/${doomed.id}`, { token: admin.token });
    await eventually(() => feed.completed, 5000, "completion");
    expect(feed.items).toEqual([]);
  });
});

describe("per-event access", () => {
  it("stops delivery at once when the subscriber is removed from the project", async () => {
    const board = await createProject(app, admin);
    const temp = await addMember(app, admin);
    await addToProject(app, admin, board.id, temp.user.id);
    const feed = subscribe(live(temp.token), ISSUE_UPDATED, { p: board.id });
    await settle(200);
    await createIssue(app, admin, board.id, { summary: "seen" });
    await feed.waitFor(1);
    await app.rest("DELETE", `/api/v1/projects/${board.id}/members/${temp.user.id}`, { token: admin.token });
    await createIssue(app, admin, board.id, { summary: "unseen" });
    await settle();
    expect(feed.items.map((item) => item.issueUpdated.summary)).toEqual(["seen"]);
  });
});

describe("socket lifecycle", () => {
  it("closes with 4401 without a token or with a bad one", async () => {
    for (const token of [undefined, "garbage", `${admin.token}x`]) {
      const client = live(token);
      await eventually(() => client.closes.length > 0, 5000, "close");
      expect(client.closes[0]!.code).toBe(4401);
    }
  });

  it("closes when the session logs out (4401) and when the user is deactivated (4403)", async () => {
    const leaver = await addMember(app, admin);
    const loggedOut = live(leaver.token);
    subscribe(loggedOut, ISSUE_UPDATED, { p: project.id });
    await settle(200);
    await app.rest("POST", "/api/v1/auth/logout", { token: leaver.token });
    await eventually(() => loggedOut.closes.length > 0, 5000, "logout close");
    expect(loggedOut.closes[0]).toEqual({ code: 4401, reason: "Session ended" });

    const fired = await addMember(app, admin);
    const deactivated = live(fired.token);
    subscribe(deactivated, ISSUE_UPDATED, { p: project.id });
    await settle(200);
    await app.rest("PATCH", `/api/v1/users/${fired.user.id}`, { token: admin.token, body: { is_active: false } });
    await eventually(() => deactivated.closes.length > 0, 5000, "deactivation close");
    expect(deactivated.closes[0]!.code).toBe(4403);
  });

  it("closes when the access token expires", async () => {
    const shortLived = await startTestApp({ ACCESS_TOKEN_TTL: "2" });
    try {
      const user = await registerWorkspace(shortLived);
      const client = connect(shortLived.url, user.token);
      clients.push(client);
      await settle(500);
      expect(client.closes).toEqual([]);
      await eventually(() => client.closes.length > 0, 5000, "expiry close");
      expect(client.closes[0]).toEqual({ code: 4401, reason: "Token expired" });
    } finally {
      await shortLived.stop();
    }
  });

  it("limits sockets per user and subscriptions per socket", async () => {
    const limited = await startTestApp({ WS_MAX_CONNECTIONS_PER_USER: "2", WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: "2" });
    try {
      const user = await registerWorkspace(limited);
      const board = await createProject(limited, user);
      const first = connect(limited.url, user.token);
      const second = connect(limited.url, user.token);
      clients.push(first, second);
      const feeds = [1, 2, 3].map(() => subscribe(first, ISSUE_UPDATED, { p: board.id }));
      await eventually(() => feeds[2]!.errors.length > 0, 5000, "subscription limit");
      expect(feeds[2]!.errors[0].extensions.code).toBe("SUBSCRIPTION_LIMIT_EXCEEDED");
      await settle(200);
      const third = connect(limited.url, user.token);
      clients.push(third);
      await eventually(() => third.closes.length > 0, 5000, "connection limit");
      expect(third.closes[0]!.code).toBe(4008);
      expect(first.closes).toEqual([]);
    } finally {
      await limited.stop();
    }
  });

  it("closes sockets with 1001 on shutdown", async () => {
    const stopping = await startTestApp();
    const user = await registerWorkspace(stopping);
    const client = connect(stopping.url, user.token);
    clients.push(client);
    await settle(300);
    await stopping.stop();
    await eventually(() => client.closes.length > 0, 5000, "shutdown close");
    expect(client.closes[0]!.code).toBe(1001);
  });
});

describe("the outbox", () => {
  it("appends every event type with tenant, project, actor and payload, in the change's transaction", async () => {
    const seen: EventRow[] = [];
    const off = app.server.bus.onEvents((batch) => void seen.push(...batch));
    const board = await createProject(app, admin);
    const carol = await addMember(app, admin);
    await addToProject(app, admin, board.id, carol.user.id);
    await app.rest("PATCH", `/api/v1/projects/${board.id}`, { token: admin.token, body: { name: "x" } });
    await app.rest("DELETE", `/api/v1/projects/${board.id}/members/${carol.user.id}`, { token: admin.token });
    await app.rest("DELETE", `/api/v1/projects/${board.id}`, { token: admin.token });
    await eventually(() => seen.some((event) => event.type === "project.deleted"), 5000, "project.deleted");
    off();
    const types = seen.filter((event) => event.projectId === board.id).map((event) => event.type);
    expect(types).toEqual(["project.created", "project.member_added", "project.updated", "project.member_removed", "project.deleted"]);
    const added = seen.find((event) => event.type === "project.member_added")!;
    expect(added).toMatchObject({
      types: ["project.member_added"],
      tenantId: expect.any(String),
      actorId: admin.user.id,
      subjectUserId: carol.user.id,
      payload: { role: "member" },
    });
  });

  it("records a change once, under every type it is, for consumers that follow one type", async () => {
    const seen: EventRow[] = [];
    const off = app.server.bus.onEvents((batch) => void seen.push(...batch));
    const issue = await createIssue(app, admin, project.id);
    await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { status: "Done", assignee_id: dev.user.id } });
    const leaving = await addMember(app, admin);
    await app.rest("PATCH", `/api/v1/users/${leaving.user.id}`, { token: admin.token, body: { is_active: false } });
    await eventually(() => seen.some((event) => event.subjectUserId === leaving.user.id && event.type === "user.updated"), 5000, "user.updated");
    off();
    const ofIssue = seen.filter((event) => event.issueId === issue.id);
    expect(ofIssue.map((event) => event.types)).toEqual([["issue.created"], ["issue.updated", "issue.status_changed", "issue.assigned", "workflow.transition_executed"]]);
    const ofUser = seen.filter((event) => event.subjectUserId === leaving.user.id && event.type.startsWith("user."));
    expect(ofUser.map((event) => event.types)).toEqual([["user.created"], ["user.updated", "user.deactivated"]]);
  });

  it("leaves neither event nor notification when the transaction rolls back", async () => {
    const seen: EventRow[] = [];
    const off = app.server.bus.onEvents((batch) => void seen.push(...batch));
    const tenantId = decodeJwt(admin.token).tenant_id as string;
    const db = app.server.database.db;
    const ofProject = () => db.select({ value: count() }).from(events).where(eq(events.projectId, project.id));
    const before = await ofProject();
    await expect(
      db.transaction(async (tx) => {
        await appendEvents(tx, { type: "project.updated", tenantId, projectId: project.id });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await settle();
    off();
    // Events of earlier tests (a deactivation's session revocations) may still arrive meanwhile.
    expect(seen.filter((event) => event.projectId === project.id)).toEqual([]);
    expect(await ofProject()).toEqual(before);
  });
});

describe("query limits", () => {
  const deep = (projectId: string) => `subscription { issueUpdated(projectId: "${projectId}") {
    project { issues { nodes { project { issues { nodes { project { issues { nodes { id } } } } } } } } } } }`;

  it("apply to subscriptions as to HTTP, naming the limit, fragments included", async () => {
    const feed = subscribe(live(admin.token), deep(project.id), {});
    await eventually(() => feed.errors.length > 0, 5000, "depth rejection");
    expect(feed.errors[0].message).toMatch(/Query depth limit of 10 exceeded/);
    expect(feed.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const http = await app.gql(deep(project.id).replace("subscription", "query").replace(/issueUpdated\(projectId: "[^"]+"\)/, `issue(id: "${project.id}")`), {}, admin.token);
    expect(http.body.errors[0].message).toMatch(/Query depth limit of 10 exceeded/);
    const fragmentTrick = `query { project(id: "${project.id}") { ...P } issues { nodes { project { issues { nodes { project { ...P } } } } } } }
      fragment P on Project { issues { nodes { project { issues { nodes { id } } } } } }`;
    const tricked = await app.gql(fragmentTrick, {}, admin.token);
    expect(tricked.body.errors[0].message).toMatch(/Query depth limit of 10 exceeded, found 14/);
  });
});

describe("shared execution", () => {
  it("still resolves viewer-dependent fields per subscriber", async () => {
    const secret = await createProject(app, admin);
    const hiddenIssue = await createIssue(app, admin, secret.id);
    const issue = await createIssue(app, admin, project.id);
    await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: hiddenIssue.id } });
    const query = `subscription($p: ID!) { issueUpdated(projectId: $p) { id links { issue { id } } } }`;
    const adminFeed = subscribe(live(admin.token), query, { p: project.id });
    const devFeed = subscribe(live(dev.token), query, { p: project.id });
    await settle(300);
    await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: "shared?" } });
    const [forAdmin] = await adminFeed.waitFor(1);
    const [forDev] = await devFeed.waitFor(1);
    expect(forAdmin.issueUpdated.links).toEqual([{ issue: { id: hiddenIssue.id } }]);
    expect(forDev.issueUpdated.links).toEqual([]);
  });

  it("drops a subscriber from the feed as soon as it unsubscribes", async () => {
    const client = live(admin.token);
    const before = app.server.feed.size;
    const feed = subscribe(client, ISSUE_UPDATED, { p: project.id });
    await eventually(() => app.server.feed.size === before + 1, 5000, "registration");
    feed.stop();
    await eventually(() => app.server.feed.size === before, 5000, "removal without a further event");
  });
});

describe("housekeeping", () => {
  it("drops a socket that stops answering pings", async () => {
    const pinging = await startTestApp({ WS_KEEPALIVE_MS: "200" });
    try {
      const user = await registerWorkspace(pinging);
      const { default: WebSocket } = await import("ws");
      const silent = new WebSocket(`${pinging.url.replace("http", "ws")}/api/v1/graphql`, "graphql-transport-ws", { autoPong: false });
      const closed = new Promise<number>((resolve) => silent.on("close", (code) => resolve(code)));
      silent.on("open", () => silent.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${user.token}` } })));
      await eventually(() => pinging.server.sockets.size === 1, 5000, "socket acknowledged");
      expect(await closed).toBe(1006);
      await eventually(() => pinging.server.sockets.size === 0, 5000, "server forgets the socket");
    } finally {
      await pinging.stop();
    }
  });

  it("prunes events older than the retention period", async () => {
    const db = app.server.database.db;
    const tenantId = decodeJwt(admin.token).tenant_id as string;
    await appendEvents(db, { type: "project.updated", tenantId, projectId: project.id, payload: { marker: "old" } });
    await appendEvents(db, { type: "project.updated", tenantId, projectId: project.id, payload: { marker: "recent" } });
    await db.execute(sql`update events set created_at = now() - interval '40 days' where payload->>'marker' = 'old'`);
    await housekeepingJob({ db, retentionDays: 30, log: createLogger("silent") }).run({}, undefined as never);
    const markers = (await db.select({ payload: events.payload }).from(events)).map((row) => row.payload.marker).filter(Boolean);
    expect(markers).toEqual(["recent"]);
  });
});
