import { randomUUID } from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events } from "../../src/db/tables";
import { insertIssue, type IssueInsert } from "../../src/services/issue/issue-insert";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let admin: SignedIn;
let dev: SignedIn;
let viewer: SignedIn;
let stranger: SignedIn;
let outsider: SignedIn;
let project: { id: string; key: string };

const CUSTOM_FIELDS = [
  { key: "story_points", name: "Story points", type: "number" },
  { key: "sprint", name: "Sprint", type: "select", options: ["Sprint 1", "Sprint 2"] },
  { key: "due", name: "Due", type: "date" },
  { key: "notes", name: "Notes", type: "text" },
  { key: "reviewer", name: "Reviewer", type: "user" },
  { key: "team", name: "Team", type: "text", required: true },
];

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  dev = await addMember(app, admin, { first_name: "Dana", last_name: "Dev" });
  viewer = await addMember(app, admin);
  stranger = await addMember(app, admin);
  outsider = await registerWorkspace(app);
  project = await createProject(app, admin, { key: "PROJ", name: "Project Alpha", settings: { custom_fields: CUSTOM_FIELDS } });
  await addToProject(app, admin, project.id, dev.user.id, "member");
  await addToProject(app, admin, project.id, viewer.user.id, "viewer");
});
afterAll(() => app.stop());

const newIssue = (overrides: Record<string, unknown> = {}) => createIssue(app, dev, project.id, { custom_fields: { team: "core" }, ...overrides });

describe("POST /api/v1/issues", () => {
  it("creates PROJ-N with the documented shape; status starts at the first status, reporter is the caller", async () => {
    const response = await app.rest("POST", "/api/v1/issues", {
      token: dev.token,
      body: {
        project_id: project.id,
        summary: "  New issue summary ",
        description: "Detailed description",
        issue_type: "Bug",
        priority: "High",
        assignee_id: dev.user.id,
        custom_fields: { team: "core", story_points: 5, sprint: "Sprint 1" },
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      key: expect.stringMatching(/^PROJ-\d+$/),
      summary: "New issue summary",
      description: "Detailed description",
      issue_type: "Bug",
      status: "Open",
      priority: "High",
      project: { id: project.id, key: "PROJ", name: "Project Alpha" },
      assignee: { id: dev.user.id, username: dev.user.username, display_name: "Dana Dev" },
      reporter: { id: dev.user.id },
      custom_fields: { team: "core", story_points: 5, sprint: "Sprint 1" },
      attachments: [],
      links: [],
    });
    expect(response.body.data.created_at).toEqual(expect.any(String));
  });

  it("defaults the priority to Medium", async () => {
    expect((await newIssue()).priority).toBe("Medium");
  });

  it("numbers 50 concurrent creates with 50 distinct consecutive numbers", async () => {
    const fresh = await createProject(app, admin, { key: "RACE" });
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        app.rest("POST", "/api/v1/issues", { token: admin.token, body: { project_id: fresh.id, summary: `Race ${index}`, issue_type: "Task" } }),
      ),
    );
    expect(created.map((response) => response.status)).toEqual(Array(50).fill(201));
    const numbers = created.map((response) => Number(response.body.data.key.split("-")[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
  });

  const insertInto = (actor: SignedIn, target: { id: string; key: string }, overrides: Partial<IssueInsert> = {}): IssueInsert => ({
    tenantId: decodeJwt(actor.token).tenant_id as string,
    projectId: target.id,
    projectKey: target.key,
    actorId: actor.user.id,
    summary: "Inserted directly",
    description: null,
    issueType: "Bug",
    status: "Open",
    priority: "Medium",
    assigneeId: null,
    customFields: {},
    ...overrides,
  });

  it("answers 404 when the project is deleted by the time the issue is inserted, or is another tenant's, and writes nothing", async () => {
    const gone = await createProject(app, admin);
    expect((await app.rest("DELETE", `/api/v1/projects/${gone.id}`, { token: admin.token })).status).toBe(200);
    const before = await newIssue();
    const { db } = app.server.database;
    await expect(insertIssue(db, insertInto(admin, gone))).rejects.toMatchObject({ code: "RESOURCE_NOT_FOUND" });
    await expect(insertIssue(db, insertInto(outsider, project))).rejects.toMatchObject({ code: "RESOURCE_NOT_FOUND" });
    const written = await db.select({ value: count() }).from(events).where(and(inArray(events.projectId, [gone.id, project.id]), eq(events.type, "issue.created"), eq(events.actorId, outsider.user.id)));
    expect(written).toEqual([{ value: 0 }]);
    const after = await newIssue();
    expect(Number(after.key.split("-")[1])).toBe(Number(before.key.split("-")[1]) + 1);
  });

  it("takes no number and leaves no event when the insert fails, and records issue.created with the key when it succeeds", async () => {
    const fresh = await createProject(app, admin, { key: "GAPLESS" });
    const first = await createIssue(app, admin, fresh.id);
    const { db } = app.server.database;
    const createdEvents = () => db.select({ payload: events.payload, issueId: events.issueId, actorId: events.actorId }).from(events).where(and(eq(events.projectId, fresh.id), eq(events.type, "issue.created")));
    await expect(insertIssue(db, insertInto(admin, fresh, { assigneeId: randomUUID() }))).rejects.toThrow();
    const second = await createIssue(app, admin, fresh.id);
    expect([first.key, second.key]).toEqual(["GAPLESS-1", "GAPLESS-2"]);
    expect(await createdEvents()).toEqual(
      expect.arrayContaining([
        { payload: { key: "GAPLESS-1" }, issueId: first.id, actorId: admin.user.id },
        { payload: { key: "GAPLESS-2" }, issueId: second.id, actorId: admin.user.id },
      ]),
    );
    expect(await createdEvents()).toHaveLength(2);
  });

  it("rejects values outside the project's settings with 400 INVALID_ENUM_VALUE naming the field", async () => {
    const response = await app.rest("POST", "/api/v1/issues", {
      token: dev.token,
      body: { project_id: project.id, summary: "x", issue_type: "Saga", priority: "Urgent", custom_fields: { team: "x" } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("INVALID_ENUM_VALUE");
    expect(response.body.error.details.map((detail: any) => detail.field).sort()).toEqual(["issue_type", "priority"]);
  });

  it("validates required and oversized fields", async () => {
    const response = await app.rest("POST", "/api/v1/issues", {
      token: dev.token,
      body: { project_id: "not-a-uuid", summary: "x".repeat(256), description: "y".repeat(50_001), issue_type: " " },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "project_id", code: "INVALID_FORMAT" }),
        expect.objectContaining({ field: "summary", code: "VALUE_TOO_LONG" }),
        expect.objectContaining({ field: "description", code: "VALUE_TOO_LONG" }),
        expect.objectContaining({ field: "issue_type", code: "REQUIRED_FIELD_MISSING" }),
      ]),
    );
  });

  it("requires the assignee to be a project member (422), and answers 404 for another tenant's user", async () => {
    const nonMember = await app.rest("POST", "/api/v1/issues", {
      token: dev.token,
      body: { project_id: project.id, summary: "x", issue_type: "Bug", assignee_id: stranger.user.id, custom_fields: { team: "x" } },
    });
    expect(nonMember.status).toBe(422);
    expect(nonMember.body.error).toMatchObject({ code: "ASSIGNEE_NOT_MEMBER", details: { field: "assignee_id" } });
    const foreign = await app.rest("POST", "/api/v1/issues", {
      token: dev.token,
      body: { project_id: project.id, summary: "x", issue_type: "Bug", assignee_id: outsider.user.id, custom_fields: { team: "x" } },
    });
    expect(foreign.status).toBe(404);
  });

  it("answers 404 for projects the caller cannot see and 403 for viewers", async () => {
    const hidden = await app.rest("POST", "/api/v1/issues", { token: stranger.token, body: { project_id: project.id, summary: "x", issue_type: "Bug" } });
    expect(hidden.status).toBe(404);
    const foreign = await app.rest("POST", "/api/v1/issues", { token: outsider.token, body: { project_id: project.id, summary: "x", issue_type: "Bug" } });
    expect(foreign.status).toBe(404);
    const readOnly = await app.rest("POST", "/api/v1/issues", { token: viewer.token, body: { project_id: project.id, summary: "x", issue_type: "Bug" } });
    expect(readOnly.status).toBe(403);
  });

  it("works through createIssue", async () => {
    const response = await app.gql(
      `mutation($input: CreateIssueInput!) { createIssue(input: $input) { issue { key status priority customFields reporter { id } project { key } } } }`,
      { input: { projectId: project.id, summary: "From GraphQL", issueType: "Task", customFields: { team: "web", due: "2026-12-01" } } },
      dev.token,
    );
    expect(response.body.data.createIssue.issue).toMatchObject({
      status: "Open",
      priority: "Medium",
      customFields: { team: "web", due: "2026-12-01" },
      reporter: { id: dev.user.id },
      project: { key: "PROJ" },
    });
    const bad = await app.gql(
      `mutation($input: CreateIssueInput!) { createIssue(input: $input) { issue { id } } }`,
      { input: { projectId: project.id, summary: "x", issueType: "Nope", customFields: { team: "x" } } },
      dev.token,
    );
    expect(bad.body.errors[0].extensions).toMatchObject({ code: "INVALID_ENUM_VALUE", details: [{ field: "issueType" }] });
  });
});

describe("custom fields", () => {
  it.each([
    [{ team: "a", unknown_field: 1 }, "custom_fields.unknown_field", "INVALID_FORMAT"],
    [{ team: "a", story_points: "five" }, "custom_fields.story_points", "INVALID_FORMAT"],
    [{ team: "a", sprint: "Sprint 9" }, "custom_fields.sprint", "INVALID_ENUM_VALUE"],
    [{ team: "a", due: "2026-02-30" }, "custom_fields.due", "INVALID_FORMAT"],
    [{ team: "a", notes: 42 }, "custom_fields.notes", "INVALID_FORMAT"],
    [{ team: "a", reviewer: "not-a-uuid" }, "custom_fields.reviewer", "INVALID_FORMAT"],
    [{}, "custom_fields.team", "REQUIRED_FIELD_MISSING"],
  ])("rejects %j", async (customFields, field, code) => {
    const response = await app.rest("POST", "/api/v1/issues", {
      token: dev.token,
      body: { project_id: project.id, summary: "x", issue_type: "Bug", custom_fields: customFields },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContainEqual(expect.objectContaining({ field, code }));
  });

  it("refuses a user value from another tenant", async () => {
    const response = await app.rest("POST", "/api/v1/issues", {
      token: dev.token,
      body: { project_id: project.id, summary: "x", issue_type: "Bug", custom_fields: { team: "a", reviewer: outsider.user.id } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe("custom_fields.reviewer");
  });

  it("merges on update, removes with null and keeps required fields", async () => {
    const issue = await newIssue({ custom_fields: { team: "core", story_points: 3, reviewer: admin.user.id } });
    const updated = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: dev.token, body: { custom_fields: { story_points: 8, reviewer: null } } });
    expect(updated.status).toBe(200);
    expect(updated.body.data.custom_fields).toEqual({ team: "core", story_points: 8 });
    const dropRequired = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: dev.token, body: { custom_fields: { team: null } } });
    expect(dropRequired.status).toBe(400);
  });
});

describe("GET /api/v1/issues/{id}", () => {
  it("returns the documented detail and 404 to anyone who cannot see the project", async () => {
    const issue = await newIssue();
    const response = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: viewer.token });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.data).sort()).toEqual(
      ["assignee", "attachments", "created_at", "custom_fields", "description", "id", "issue_type", "key", "links", "priority", "project", "reporter", "resolution", "status", "summary", "updated_at"].sort(),
    );
    for (const token of [stranger.token, outsider.token]) {
      expect((await app.rest("GET", `/api/v1/issues/${issue.id}`, { token })).status).toBe(404);
    }
    expect((await app.rest("GET", "/api/v1/issues/garbage", { token: admin.token })).status).toBe(404);
  });
});

describe("updating issues and history", () => {
  it("records every changed field with from, to, actor and time", async () => {
    const issue = await newIssue();
    await app.rest("PUT", `/api/v1/issues/${issue.id}`, {
      token: dev.token,
      body: { summary: "Updated issue summary", status: "In Progress", assignee_id: dev.user.id, custom_fields: { story_points: 2 } },
    });
    await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { status: "Done", priority: "Medium" } });
    const history = await app.rest("GET", `/api/v1/issues/${issue.id}/history`, { token: viewer.token });
    expect(history.status).toBe(200);
    // A status change runs a transition of the project's default workflow, recorded after the fields it changed.
    expect(history.body.pagination.total).toBe(7);
    expect(history.body.data.map((entry: any) => [entry.field, entry.from, entry.field === "transition" ? entry.to.name : entry.to])).toEqual([
      ["summary", "Something is broken", "Updated issue summary"],
      ["status", "Open", "In Progress"],
      ["assignee_id", null, dev.user.id],
      ["custom_fields.story_points", null, 2],
      ["transition", "Open", "In Progress"],
      ["status", "In Progress", "Done"],
      ["transition", "In Progress", "Done"],
    ]);
    expect(history.body.data[5].actor).toEqual({ id: admin.user.id, username: admin.user.username, display_name: expect.any(String) });
    expect(history.body.data[0].created_at).toEqual(expect.any(String));
    const paged = await app.rest("GET", `/api/v1/issues/${issue.id}/history?per_page=2&page=4`, { token: dev.token });
    expect(paged.body.data).toHaveLength(1);

    const gql = await app.gql(`query($id: ID!) { issue(id: $id) { history(first: 10) { totalCount nodes { field from to actor { id } } } } }`, { id: issue.id }, dev.token);
    expect(gql.body.data.issue.history.totalCount).toBe(7);
  });

  it("validates status values and unassigns with null", async () => {
    const issue = await newIssue({ assignee_id: dev.user.id });
    const bad = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: dev.token, body: { status: "Shipped" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "INVALID_ENUM_VALUE", details: [{ field: "status" }] });
    const cleared = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: dev.token, body: { assignee_id: null } });
    expect(cleared.body.data.assignee).toBeNull();
  });

  it("is refused to viewers (403) and invisible to others (404)", async () => {
    const issue = await newIssue();
    expect((await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: viewer.token, body: { summary: "x" } })).status).toBe(403);
    expect((await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: stranger.token, body: { summary: "x" } })).status).toBe(404);
  });

  it("works through updateIssue", async () => {
    const issue = await newIssue();
    const response = await app.gql(
      `mutation($id: ID!) { updateIssue(id: $id, input: { status: "Done", assigneeId: "${dev.user.id}" }) { issue { status assignee { id } } } }`,
      { id: issue.id },
      dev.token,
    );
    expect(response.body.data.updateIssue.issue).toEqual({ status: "Done", assignee: { id: dev.user.id } });
  });
});

describe("links", () => {
  it("shows a link on both issues with the inverse wording and removes it", async () => {
    const blocker = await newIssue({ summary: "Blocker" });
    const blocked = await newIssue({ summary: "Blocked" });
    const added = await app.rest("POST", `/api/v1/issues/${blocker.id}/links`, { token: dev.token, body: { type: "blocks", issue_id: blocked.id } });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ type: "blocks", issue: { id: blocked.id, key: blocked.key, summary: "Blocked" } });
    const other = await app.rest("GET", `/api/v1/issues/${blocked.id}`, { token: viewer.token });
    expect(other.body.data.links).toEqual([
      { id: added.body.data.id, type: "is_blocked_by", issue: { id: blocker.id, key: blocker.key, summary: "Blocker" }, created_at: expect.any(String) },
    ]);

    const undeletable = await app.rest("DELETE", `/api/v1/issues/${blocked.id}`, { token: admin.token });
    expect(undeletable.status).toBe(422);
    expect(undeletable.body.error.code).toBe("ISSUE_CANNOT_BE_DELETED");

    const removed = await app.rest("DELETE", `/api/v1/issues/${blocked.id}/links/${added.body.data.id}`, { token: dev.token });
    expect(removed.status).toBe(204);
    expect((await app.rest("GET", `/api/v1/issues/${blocker.id}`, { token: dev.token })).body.data.links).toEqual([]);
    expect((await app.rest("DELETE", `/api/v1/issues/${blocked.id}`, { token: admin.token })).status).toBe(204);
  });

  it("accepts inverse wording and stores one relation", async () => {
    const first = await newIssue();
    const second = await newIssue();
    const added = await app.rest("POST", `/api/v1/issues/${first.id}/links`, { token: dev.token, body: { type: "is_duplicated_by", issue_id: second.id } });
    expect(added.body.data.type).toBe("is_duplicated_by");
    const seen = await app.rest("GET", `/api/v1/issues/${second.id}`, { token: dev.token });
    expect(seen.body.data.links[0].type).toBe("duplicates");
    const duplicate = await app.rest("POST", `/api/v1/issues/${second.id}/links`, { token: dev.token, body: { type: "duplicates", issue_id: first.id } });
    expect(duplicate.status).toBe(409);
  });

  it("refuses self links, unknown types, duplicates of symmetric links, and issues the caller cannot see", async () => {
    const issue = await newIssue();
    const peer = await newIssue();
    const self = await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: dev.token, body: { type: "blocks", issue_id: issue.id } });
    expect(self.status).toBe(400);
    expect(self.body.error.details[0].field).toBe("issue_id");
    const badType = await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: dev.token, body: { type: "loves", issue_id: peer.id } });
    expect(badType.status).toBe(400);
    expect(badType.body.error.details[0]).toMatchObject({ field: "type", code: "INVALID_ENUM_VALUE" });
    await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: dev.token, body: { type: "relates_to", issue_id: peer.id } });
    const reverse = await app.rest("POST", `/api/v1/issues/${peer.id}/links`, { token: dev.token, body: { type: "relates_to", issue_id: issue.id } });
    expect(reverse.status).toBe(409);

    const hiddenProject = await createProject(app, admin, { key: "SECRET" });
    const hiddenIssue = await createIssue(app, admin, hiddenProject.id);
    const hidden = await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: dev.token, body: { type: "blocks", issue_id: hiddenIssue.id } });
    expect(hidden.status).toBe(404);
    const foreignProject = await createProject(app, outsider);
    const foreignIssue = await createIssue(app, outsider, foreignProject.id);
    const foreign = await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: dev.token, body: { type: "blocks", issue_id: foreignIssue.id } });
    expect(foreign.status).toBe(404);
  });

  it("hides links to issues of projects the reader cannot see", async () => {
    const issue = await newIssue();
    const hiddenProject = await createProject(app, admin, { key: "VAULT" });
    const hiddenIssue = await createIssue(app, admin, hiddenProject.id);
    await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: hiddenIssue.id } });
    expect((await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token })).body.data.links).toHaveLength(1);
    expect((await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: dev.token })).body.data.links).toEqual([]);
  });

  it("hides a hidden issue at either end of a link, and shows a link between two issues read together once on each", async () => {
    const issue = await newIssue();
    const peer = await newIssue();
    const hiddenProject = await createProject(app, admin, { key: "CRYPT" });
    const hiddenIssue = await createIssue(app, admin, hiddenProject.id);
    const linked = [
      await app.rest("POST", `/api/v1/issues/${hiddenIssue.id}/links`, { token: admin.token, body: { type: "blocks", issue_id: issue.id } }),
      await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: admin.token, body: { type: "relates_to", issue_id: peer.id } }),
    ];
    expect(linked.map((response) => response.status)).toEqual([201, 201]);

    const rest = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: dev.token });
    expect(rest.body.data.links.map((link: { type: string }) => link.type)).toEqual(["relates_to"]);
    // A page's links load in one batch, so both ends of the link are among the issues asked about.
    const page = await app.gql(`query($p: ID!) { project(id: $p) { issues(first: 100) { nodes { id links { type issue { id } } } } } }`, { p: project.id }, dev.token);
    const linksOf = (id: string) => page.body.data.project.issues.nodes.find((node: { id: string }) => node.id === id).links;
    expect(linksOf(issue.id)).toEqual([{ type: "relates_to", issue: { id: peer.id } }]);
    expect(linksOf(peer.id)).toEqual([{ type: "relates_to", issue: { id: issue.id } }]);
    const asAdmin = await app.gql(`query($id: ID!) { issue(id: $id) { links { type issue { id } } } }`, { id: issue.id }, admin.token);
    expect(asAdmin.body.data.issue.links).toEqual([
      { type: "is_blocked_by", issue: { id: hiddenIssue.id } },
      { type: "relates_to", issue: { id: peer.id } },
    ]);
  });

  it("works through addIssueLink and removeIssueLink", async () => {
    const issue = await newIssue();
    const peer = await newIssue();
    const added = await app.gql(
      `mutation($i: ID!, $o: String!) { addIssueLink(issueId: $i, input: { type: "clones", issueId: $o }) { link { id type issue { id } } } }`,
      { i: issue.id, o: peer.id },
      dev.token,
    );
    expect(added.body.data.addIssueLink.link).toMatchObject({ type: "clones", issue: { id: peer.id } });
    const inverse = await app.gql(`query($id: ID!) { issue(id: $id) { links { type issue { id } } } }`, { id: peer.id }, dev.token);
    expect(inverse.body.data.issue.links).toEqual([{ type: "is_cloned_by", issue: { id: issue.id } }]);
    const removed = await app.gql(
      `mutation($i: ID!, $l: ID!) { removeIssueLink(issueId: $i, linkId: $l) { deletedId } }`,
      { i: peer.id, l: added.body.data.addIssueLink.link.id },
      dev.token,
    );
    expect(removed.body.data.removeIssueLink.deletedId).toBe(added.body.data.addIssueLink.link.id);
  });
});

describe("deleting issues", () => {
  it("is for the reporter or project admins; deleted issues answer 404", async () => {
    const issue = await createIssue(app, admin, project.id, { custom_fields: { team: "x" } });
    const byOther = await app.rest("DELETE", `/api/v1/issues/${issue.id}`, { token: dev.token });
    expect(byOther.status).toBe(403);
    const own = await newIssue();
    expect((await app.rest("DELETE", `/api/v1/issues/${own.id}`, { token: dev.token })).status).toBe(204);
    expect((await app.rest("GET", `/api/v1/issues/${own.id}`, { token: dev.token })).status).toBe(404);
    const gql = await app.gql(`mutation($id: ID!) { deleteIssue(id: $id) { deletedId } }`, { id: issue.id }, admin.token);
    expect(gql.body.data.deleteIssue.deletedId).toBe(issue.id);
  });
});

describe("comments", () => {
  it("adds, lists oldest first with pagination, edits and deletes", async () => {
    const issue = await newIssue();
    const first = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: dev.token, body: { content: "  This is a comment  " } });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      content: "This is a comment",
      author: { id: dev.user.id, username: dev.user.username, display_name: "Dana Dev" },
      created_at: expect.any(String),
    });
    await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "Second" } });
    const list = await app.rest("GET", `/api/v1/issues/${issue.id}/comments?per_page=1`, { token: viewer.token });
    expect(list.body.data.map((comment: any) => comment.content)).toEqual(["This is a comment"]);
    expect(list.body.pagination).toEqual({ page: 1, per_page: 1, total: 2, total_pages: 2 });

    const edited = await app.rest("PUT", `/api/v1/issues/${issue.id}/comments/${first.body.data.id}`, { token: dev.token, body: { content: "Edited" } });
    expect(edited.body.data.content).toBe("Edited");
    const deleted = await app.rest("DELETE", `/api/v1/issues/${issue.id}/comments/${first.body.data.id}`, { token: dev.token });
    expect(deleted.status).toBe(204);
    expect((await app.rest("GET", `/api/v1/issues/${issue.id}/comments`, { token: dev.token })).body.pagination.total).toBe(1);
  });

  it("validates content length after trimming", async () => {
    const issue = await newIssue();
    for (const [content, code] of [["   ", "REQUIRED_FIELD_MISSING"], ["x".repeat(10_001), "VALUE_TOO_LONG"]] as const) {
      const response = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: dev.token, body: { content } });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0]).toMatchObject({ field: "content", code });
    }
    expect((await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: dev.token, body: { content: "x".repeat(10_000) } })).status).toBe(201);
  });

  it("refuses viewers, other authors (admins excepted), wrong issues and hidden issues", async () => {
    const issue = await newIssue();
    expect((await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: viewer.token, body: { content: "hi" } })).status).toBe(403);
    expect((await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: stranger.token, body: { content: "hi" } })).status).toBe(404);
    const adminComment = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "admin's" } });
    const devComment = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: dev.token, body: { content: "dev's" } });
    expect((await app.rest("PUT", `/api/v1/issues/${issue.id}/comments/${adminComment.body.data.id}`, { token: dev.token, body: { content: "x" } })).status).toBe(403);
    expect((await app.rest("PUT", `/api/v1/issues/${issue.id}/comments/${devComment.body.data.id}`, { token: admin.token, body: { content: "moderated" } })).status).toBe(200);
    const other = await newIssue();
    expect((await app.rest("DELETE", `/api/v1/issues/${other.id}/comments/${devComment.body.data.id}`, { token: dev.token })).status).toBe(404);
  });

  it("works through addComment, updateComment, deleteComment and Issue.comments", async () => {
    const issue = await newIssue();
    const added = await app.gql(`mutation($i: ID!) { addComment(issueId: $i, input: { content: "gql" }) { comment { id content author { id } } } }`, { i: issue.id }, dev.token);
    const id = added.body.data.addComment.comment.id;
    const updated = await app.gql(`mutation($id: ID!) { updateComment(id: $id, input: { content: "gql2" }) { comment { content } } }`, { id }, dev.token);
    expect(updated.body.data.updateComment.comment.content).toBe("gql2");
    const listed = await app.gql(`query($i: ID!) { issue(id: $i) { comments(first: 5) { totalCount edges { node { content } } } } }`, { i: issue.id }, dev.token);
    expect(listed.body.data.issue.comments.totalCount).toBe(1);
    const deleted = await app.gql(`mutation($id: ID!) { deleteComment(id: $id) { deletedId } }`, { id }, dev.token);
    expect(deleted.body.data.deleteComment.deletedId).toBe(id);
  });
});

describe("isolation", () => {
  it("answers 404 on every issue route to non-members and other tenants, through both doors", async () => {
    const issue = await newIssue();
    const comment = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: dev.token, body: { content: "c" } });
    const peer = await newIssue();
    const link = await app.rest("POST", `/api/v1/issues/${issue.id}/links`, { token: dev.token, body: { type: "blocks", issue_id: peer.id } });
    const routes = [
      ["GET", `/api/v1/issues/${issue.id}`],
      ["PUT", `/api/v1/issues/${issue.id}`, { summary: "x" }],
      ["PATCH", `/api/v1/issues/${issue.id}`, { summary: "x" }],
      ["DELETE", `/api/v1/issues/${issue.id}`],
      ["GET", `/api/v1/issues/${issue.id}/history`],
      ["GET", `/api/v1/issues/${issue.id}/comments`],
      ["POST", `/api/v1/issues/${issue.id}/comments`, { content: "x" }],
      ["PUT", `/api/v1/issues/${issue.id}/comments/${comment.body.data.id}`, { content: "x" }],
      ["DELETE", `/api/v1/issues/${issue.id}/comments/${comment.body.data.id}`],
      ["POST", `/api/v1/issues/${issue.id}/links`, { type: "blocks", issue_id: peer.id }],
      ["DELETE", `/api/v1/issues/${issue.id}/links/${link.body.data.id}`],
    ] as const;
    for (const user of [stranger, outsider]) {
      for (const [method, path, body] of routes) {
        const response = await app.rest(method, path, { token: user.token, body });
        expect([method, path, response.status]).toEqual([method, path, 404]);
      }
      const gql = await app.gql(
        `query($id: ID!) { issue(id: $id) { id } }`,
        { id: issue.id },
        user.token,
      );
      expect(gql.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
      const mutation = await app.gql(`mutation($id: ID!) { updateIssue(id: $id, input: { summary: "x" }) { issue { id } } }`, { id: issue.id }, user.token);
      expect(mutation.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
      const comments = await app.gql(`mutation($id: ID!) { deleteComment(id: $id) { deletedId } }`, { id: comment.body.data.id }, user.token);
      expect(comments.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
    }
    const listed = await app.rest("GET", `/api/v1/issues?search=broken`, { token: outsider.token });
    expect(listed.body.data.map((entry: any) => entry.id)).not.toContain(issue.id);
  });
});
