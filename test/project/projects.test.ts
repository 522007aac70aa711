import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let admin: SignedIn;
let alice: SignedIn;
let bob: SignedIn;
let outsider: SignedIn;

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app, { first_name: "Ada", last_name: "Admin" });
  alice = await addMember(app, admin, { first_name: "Alice", last_name: "Lead" });
  bob = await addMember(app, admin, { first_name: "Bob", last_name: "Builder" });
  outsider = await registerWorkspace(app);
});
afterAll(() => app.stop());

const PROJECT = `id key name description projectType status lead { id username displayName }
  settings { issueTypes priorities statuses closedStatuses customFields { key type } }
  statistics { totalIssues openIssues inProgressIssues closedIssues } createdAt updatedAt`;

describe("POST /api/v1/projects", () => {
  it("creates with the documented shape, default settings and the creator as lead", async () => {
    const response = await app.rest("POST", "/api/v1/projects", {
      token: alice.token,
      body: { key: "ALPHA", name: "Project Alpha", description: "Main project", project_type: "software" },
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      key: "ALPHA",
      name: "Project Alpha",
      description: "Main project",
      project_type: "software",
      status: "active",
      lead: { id: alice.user.id, username: alice.user.username, display_name: "Alice Lead" },
      settings: {
        issue_types: ["Bug", "Task", "Story", "Epic"],
        priorities: ["Low", "Medium", "High", "Critical"],
        statuses: ["Open", "In Progress", "Done", "Closed"],
      },
      statistics: { total_issues: 0, open_issues: 0, in_progress_issues: 0, closed_issues: 0 },
    });
    expect(response.body.data.created_at).toEqual(expect.any(String));
  });

  it("makes the lead and the creator project admins", async () => {
    const project = await createProject(app, admin, { lead_id: bob.user.id });
    expect(project.lead.id).toBe(bob.user.id);
    const members = await app.rest("GET", `/api/v1/projects/${project.id}/members`, { token: bob.token });
    expect(members.status).toBe(200);
    const roles = Object.fromEntries(members.body.data.map((member: any) => [member.user.id, member.role]));
    expect(roles).toEqual({ [admin.user.id]: "admin", [bob.user.id]: "admin" });
    expect(members.body.data[0]).toEqual({
      user: { id: expect.any(String), username: expect.any(String), display_name: expect.any(String), avatar_url: null },
      role: "admin",
      joined_at: expect.any(String),
    });
  });

  it.each([
    ["A", "VALUE_TOO_SHORT"],
    ["ABCDEFGHIJK", "VALUE_TOO_LONG"],
    ["1ABC", "INVALID_FORMAT"],
    ["abc", "INVALID_FORMAT"],
    ["AB-C", "INVALID_FORMAT"],
  ])("rejects key %s (%s)", async (key, code) => {
    const response = await app.rest("POST", "/api/v1/projects", { token: alice.token, body: { key, name: "X" } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toContainEqual(expect.objectContaining({ field: "key", code }));
  });

  it("validates name, type, lead and settings", async () => {
    const response = await app.rest("POST", "/api/v1/projects", {
      token: alice.token,
      body: { key: "VAL", name: " ", project_type: "rocket", settings: { statuses: [], custom_fields: [{ key: "Bad Key", name: "x", type: "select" }] } },
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.details.map((detail: any) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "project_type"]));
    const settings = await app.rest("POST", "/api/v1/projects", {
      token: alice.token,
      body: { key: "VAL", name: "V", settings: { statuses: [], custom_fields: [{ key: "Bad Key", name: "x", type: "select" }] } },
    });
    expect(settings.status).toBe(400);
    expect(settings.body.error.details.map((detail: any) => detail.field)).toEqual(
      expect.arrayContaining(["settings.statuses", "settings.custom_fields.0.key", "settings.custom_fields.0.options"]),
    );
    const foreignLead = await app.rest("POST", "/api/v1/projects", { token: alice.token, body: { key: "VAL", name: "V", lead_id: outsider.user.id } });
    expect(foreignLead.status).toBe(404);
  });

  it("keeps keys unique per workspace, also after deletion (409 RESOURCE_ALREADY_EXISTS)", async () => {
    const project = await createProject(app, admin, { key: "DUPE" });
    const again = await app.rest("POST", "/api/v1/projects", { token: admin.token, body: { key: "DUPE", name: "Again" } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "RESOURCE_ALREADY_EXISTS", details: { field: "key" } });
    await app.rest("DELETE", `/api/v1/projects/${project.id}`, { token: admin.token });
    const afterDelete = await app.rest("POST", "/api/v1/projects", { token: admin.token, body: { key: "DUPE", name: "Again" } });
    expect(afterDelete.status).toBe(409);
    const otherTenant = await app.rest("POST", "/api/v1/projects", { token: outsider.token, body: { key: "DUPE", name: "Theirs" } });
    expect(otherTenant.status).toBe(201);
  });

  it("works through createProject", async () => {
    const response = await app.gql(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { ${PROJECT} } } }`,
      { input: { key: "GQLP", name: "GraphQL project", settings: { statuses: ["Todo", "Doing", "Done"], closedStatuses: ["Done"] } } },
      alice.token,
    );
    expect(response.body.data.createProject.project).toMatchObject({
      key: "GQLP",
      lead: { id: alice.user.id },
      settings: { statuses: ["Todo", "Doing", "Done"], closedStatuses: ["Done"], issueTypes: ["Bug", "Task", "Story", "Epic"] },
    });
    const duplicate = await app.gql(`mutation { createProject(input: { key: "GQLP", name: "x" }) { project { id } } }`, {}, alice.token);
    expect(duplicate.body.errors[0].extensions.code).toBe("RESOURCE_ALREADY_EXISTS");
  });
});

describe("visibility", () => {
  let hidden: { id: string };
  let shared: { id: string };
  beforeAll(async () => {
    hidden = await createProject(app, admin, { key: "HIDDEN" });
    shared = await createProject(app, admin, { key: "SHARED" });
    await addToProject(app, admin, shared.id, bob.user.id, "viewer");
  });

  it("shows members their projects and admins every project", async () => {
    const bobs = await app.rest("GET", "/api/v1/projects?per_page=100", { token: bob.token });
    const keys = bobs.body.data.map((project: any) => project.key);
    expect(keys).toContain("SHARED");
    expect(keys).not.toContain("HIDDEN");
    const admins = await app.rest("GET", "/api/v1/projects?per_page=100", { token: admin.token });
    expect(admins.body.data.map((project: any) => project.key)).toEqual(expect.arrayContaining(["SHARED", "HIDDEN", "ALPHA"]));
    expect(admins.body.pagination.total).toBe(admins.body.data.length);
  });

  it("answers 404 for a hidden project, another tenant's project and nonsense ids, on every route", async () => {
    const foreign = await createProject(app, outsider);
    for (const id of [hidden.id, foreign.id, "00000000-0000-4000-8000-000000000000", "nope"]) {
      for (const [method, path, body] of [
        ["GET", `/api/v1/projects/${id}`],
        ["PUT", `/api/v1/projects/${id}`, { name: "x" }],
        ["PATCH", `/api/v1/projects/${id}`, { name: "x" }],
        ["GET", `/api/v1/projects/${id}/members`],
        ["POST", `/api/v1/projects/${id}/members`, { user_id: bob.user.id, role: "member" }],
        ["GET", `/api/v1/issues?project_id=${id}`],
      ] as const) {
        const response = await app.rest(method, path, { token: bob.token, body });
        expect([method, path, response.status]).toEqual([method, path, id === "nope" && path.includes("project_id") ? 400 : 404]);
      }
    }
    const gql = await app.gql(`query($id: ID!) { project(id: $id) { id } }`, { id: hidden.id }, bob.token);
    expect(gql.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
  });

  it("lets viewers read but not change (403)", async () => {
    expect((await app.rest("GET", `/api/v1/projects/${shared.id}`, { token: bob.token })).status).toBe(200);
    const change = await app.rest("PATCH", `/api/v1/projects/${shared.id}`, { token: bob.token, body: { name: "Mine now" } });
    expect(change.status).toBe(403);
    expect(change.body.error.code).toBe("RESOURCE_FORBIDDEN");
    const issue = await app.rest("POST", "/api/v1/issues", { token: bob.token, body: { project_id: shared.id, summary: "x", issue_type: "Bug" } });
    expect(issue.status).toBe(403);
  });
});

describe("listing", () => {
  let lister: TestApp;
  let owner: SignedIn;
  beforeAll(async () => {
    lister = await startTestApp();
    owner = await registerWorkspace(lister);
    for (const [key, name] of [["ZED", "Zebra tools"], ["ANT", "Ant farm"], ["MID", "Middle ground"], ["OLD", "Old stuff"]]) {
      await createProject(lister, owner, { key, name });
    }
    await lister.rest("PATCH", `/api/v1/projects/${(await lister.rest("GET", "/api/v1/projects?search=OLD", { token: owner.token })).body.data[0].id}`, {
      token: owner.token,
      body: { status: "archived" },
    });
  });
  afterAll(() => lister.stop());

  it("sorts newest first by default and by name on request", async () => {
    const newest = await lister.rest("GET", "/api/v1/projects", { token: owner.token });
    expect(newest.body.data.map((project: any) => project.key)).toEqual(["OLD", "MID", "ANT", "ZED"]);
    const byName = await lister.rest("GET", "/api/v1/projects?sort=name", { token: owner.token });
    expect(byName.body.data.map((project: any) => project.key)).toEqual(["ANT", "MID", "OLD", "ZED"]);
    const descending = await lister.rest("GET", "/api/v1/projects?sort=-key", { token: owner.token });
    expect(descending.body.data[0].key).toBe("ZED");
    const bad = await lister.rest("GET", "/api/v1/projects?sort=password", { token: owner.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("sort");
  });

  it("filters by status and search, and paginates", async () => {
    const archived = await lister.rest("GET", "/api/v1/projects?status=archived", { token: owner.token });
    expect(archived.body.data.map((project: any) => project.key)).toEqual(["OLD"]);
    const badStatus = await lister.rest("GET", "/api/v1/projects?status=gone", { token: owner.token });
    expect(badStatus.status).toBe(400);
    const search = await lister.rest("GET", "/api/v1/projects?search=farm", { token: owner.token });
    expect(search.body.data.map((project: any) => project.key)).toEqual(["ANT"]);
    const page = await lister.rest("GET", "/api/v1/projects?per_page=3&page=2", { token: owner.token });
    expect(page.body.pagination).toEqual({ page: 2, per_page: 3, total: 4, total_pages: 2 });
    expect(page.body.data).toHaveLength(1);
  });

  it("is a Relay connection in GraphQL", async () => {
    const response = await lister.gql(`{ projects(first: 2, sort: "name") { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { key } } } }`, {}, owner.token);
    expect(response.body.data.projects.totalCount).toBe(4);
    expect(response.body.data.projects.edges.map((edge: any) => edge.node.key)).toEqual(["ANT", "MID"]);
    const next = await lister.gql(
      `query($after: String) { projects(first: 2, after: $after, sort: "name") { edges { node { key } } pageInfo { hasNextPage } } }`,
      { after: response.body.data.projects.pageInfo.endCursor },
      owner.token,
    );
    expect(next.body.data.projects.edges.map((edge: any) => edge.node.key)).toEqual(["OLD", "ZED"]);
    expect(next.body.data.projects.pageInfo.hasNextPage).toBe(false);
  });
});

describe("updating", () => {
  it("changes fields and settings through PUT and PATCH (project admins)", async () => {
    const project = await createProject(app, alice);
    const put = await app.rest("PUT", `/api/v1/projects/${project.id}`, {
      token: alice.token,
      body: { name: "Renamed", description: null, settings: { priorities: ["P3", "P2", "P1"] } },
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: "Renamed", description: null, settings: { priorities: ["P3", "P2", "P1"], statuses: ["Open", "In Progress", "Done", "Closed"] } });
    const patch = await app.rest("PATCH", `/api/v1/projects/${project.id}`, { token: alice.token, body: { lead_id: bob.user.id } });
    expect(patch.body.data.lead.id).toBe(bob.user.id);
    const members = await app.rest("GET", `/api/v1/projects/${project.id}/members`, { token: alice.token });
    expect(members.body.data.find((member: any) => member.user.id === bob.user.id).role).toBe("admin");
  });

  it("refuses to remove settings values that issues still use (409)", async () => {
    const project = await createProject(app, alice);
    await createIssue(app, alice, project.id, { priority: "High" });
    const response = await app.rest("PATCH", `/api/v1/projects/${project.id}`, { token: alice.token, body: { settings: { priorities: ["Low", "Medium"] } } });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: "RESOURCE_CONFLICT", details: { field: "settings.priorities", values_in_use: ["High"] } });
  });

  it("rejects closed statuses that are not statuses", async () => {
    const project = await createProject(app, alice);
    const response = await app.rest("PATCH", `/api/v1/projects/${project.id}`, { token: alice.token, body: { settings: { closed_statuses: ["Gone"] } } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: "settings.closed_statuses", code: "INVALID_ENUM_VALUE" });
  });

  it("works through updateProject", async () => {
    const project = await createProject(app, alice);
    const response = await app.gql(
      `mutation($id: ID!) { updateProject(id: $id, input: { status: "archived" }) { project { status } } }`,
      { id: project.id },
      alice.token,
    );
    expect(response.body.data.updateProject.project.status).toBe("archived");
    const denied = await app.gql(`mutation($id: ID!) { updateProject(id: $id, input: { name: "x" }) { project { id } } }`, { id: project.id }, bob.token);
    expect(denied.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
  });
});

describe("statistics", () => {
  it("are computed from live issues by status category", async () => {
    const project = await createProject(app, alice);
    const issues = [];
    for (let index = 0; index < 6; index++) issues.push(await createIssue(app, alice, project.id));
    for (const [index, status] of [[1, "In Progress"], [2, "Done"], [3, "Closed"], [4, "Done"]] as const) {
      await app.rest("PATCH", `/api/v1/issues/${issues[index]!.id}`, { token: alice.token, body: { status } });
    }
    await app.rest("DELETE", `/api/v1/issues/${issues[5]!.id}`, { token: alice.token });
    const detail = await app.rest("GET", `/api/v1/projects/${project.id}`, { token: alice.token });
    expect(detail.body.data.statistics).toEqual({ total_issues: 5, open_issues: 1, in_progress_issues: 1, closed_issues: 3 });
  });
});

describe("deletion", () => {
  it("needs admin:projects (403 for users) and project administration", async () => {
    const project = await createProject(app, alice);
    const response = await app.rest("DELETE", `/api/v1/projects/${project.id}`, { token: alice.token });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: "INSUFFICIENT_PERMISSIONS", details: { required_permission: "admin:projects" } });
  });

  it("is soft and makes the project, its issues and comments vanish from every read at once", async () => {
    const project = await createProject(app, admin);
    const issue = await createIssue(app, admin, project.id, { summary: "Vanishing zeppelin" });
    const comment = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "bye" } });
    const before = (await app.rest("GET", "/api/v1/issues?per_page=100", { token: admin.token })).body.pagination.total;

    const response = await app.rest("DELETE", `/api/v1/projects/${project.id}`, { token: admin.token });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ message: "Project deleted successfully" });

    expect((await app.rest("GET", `/api/v1/projects/${project.id}`, { token: admin.token })).status).toBe(404);
    expect((await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token })).status).toBe(404);
    expect((await app.rest("GET", `/api/v1/issues/${issue.id}/comments`, { token: admin.token })).status).toBe(404);
    const commentId = comment.body.data.id;
    expect((await app.rest("PUT", `/api/v1/issues/${issue.id}/comments/${commentId}`, { token: admin.token, body: { content: "x" } })).status).toBe(404);
    const list = await app.rest("GET", "/api/v1/issues?per_page=100", { token: admin.token });
    expect(list.body.pagination.total).toBe(before - 1);
    expect((await app.rest("GET", "/api/v1/issues?search=zeppelin", { token: admin.token })).body.data).toEqual([]);
    const projects = await app.rest("GET", "/api/v1/projects?per_page=100", { token: admin.token });
    expect(projects.body.data.map((entry: any) => entry.id)).not.toContain(project.id);
    expect((await app.rest("DELETE", `/api/v1/projects/${project.id}`, { token: admin.token })).status).toBe(404);
  });

  it("works through deleteProject", async () => {
    const project = await createProject(app, admin);
    const response = await app.gql(`mutation($id: ID!) { deleteProject(id: $id) { deletedId } }`, { id: project.id }, admin.token);
    expect(response.body.data.deleteProject.deletedId).toBe(project.id);
  });
});

describe("members", () => {
  let project: { id: string };
  let carol: SignedIn;
  beforeAll(async () => {
    project = await createProject(app, alice);
    carol = await addMember(app, admin);
  });

  it("adds with 201, refuses duplicates (409) and other tenants' users (404)", async () => {
    const added = await app.rest("POST", `/api/v1/projects/${project.id}/members`, { token: alice.token, body: { user_id: carol.user.id, role: "member" } });
    expect(added.status).toBe(201);
    expect(added.body.data).toMatchObject({ user: { id: carol.user.id }, role: "member" });
    const twice = await app.rest("POST", `/api/v1/projects/${project.id}/members`, { token: alice.token, body: { user_id: carol.user.id, role: "viewer" } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("PROJECT_MEMBER_ALREADY_EXISTS");
    const foreign = await app.rest("POST", `/api/v1/projects/${project.id}/members`, { token: alice.token, body: { user_id: outsider.user.id, role: "member" } });
    expect(foreign.status).toBe(404);
    const badRole = await app.rest("POST", `/api/v1/projects/${project.id}/members`, { token: alice.token, body: { user_id: bob.user.id, role: "owner" } });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details[0]).toMatchObject({ field: "role", code: "INVALID_ENUM_VALUE" });
  });

  it("changes roles, and viewers become read-only at once", async () => {
    const changed = await app.rest("PATCH", `/api/v1/projects/${project.id}/members/${carol.user.id}`, { token: alice.token, body: { role: "viewer" } });
    expect(changed.status).toBe(200);
    expect(changed.body.data.role).toBe("viewer");
    const create = await app.rest("POST", "/api/v1/issues", { token: carol.token, body: { project_id: project.id, summary: "x", issue_type: "Bug" } });
    expect(create.status).toBe(403);
  });

  it("only lets project admins manage members", async () => {
    const response = await app.rest("POST", `/api/v1/projects/${project.id}/members`, { token: carol.token, body: { user_id: bob.user.id, role: "admin" } });
    expect(response.status).toBe(403);
  });

  it("keeps the lead an admin member", async () => {
    const demote = await app.rest("PATCH", `/api/v1/projects/${project.id}/members/${alice.user.id}`, { token: alice.token, body: { role: "member" } });
    expect(demote.status).toBe(409);
    const remove = await app.rest("DELETE", `/api/v1/projects/${project.id}/members/${alice.user.id}`, { token: alice.token });
    expect(remove.status).toBe(409);
  });

  it("removes with 204; the removed user loses sight of the project", async () => {
    const response = await app.rest("DELETE", `/api/v1/projects/${project.id}/members/${carol.user.id}`, { token: alice.token });
    expect(response.status).toBe(204);
    expect((await app.rest("GET", `/api/v1/projects/${project.id}`, { token: carol.token })).status).toBe(404);
    const again = await app.rest("DELETE", `/api/v1/projects/${project.id}/members/${carol.user.id}`, { token: alice.token });
    expect(again.status).toBe(404);
  });

  it("works through the member mutations", async () => {
    const added = await app.gql(
      `mutation($p: ID!, $u: String!) { addProjectMember(projectId: $p, input: { userId: $u, role: viewer }) { member { role user { id } } } }`,
      { p: project.id, u: carol.user.id },
      alice.token,
    );
    expect(added.body.data.addProjectMember.member).toEqual({ role: "viewer", user: { id: carol.user.id } });
    const updated = await app.gql(
      `mutation($p: ID!, $u: ID!) { updateProjectMember(projectId: $p, userId: $u, input: { role: member }) { member { role } } }`,
      { p: project.id, u: carol.user.id },
      alice.token,
    );
    expect(updated.body.data.updateProjectMember.member.role).toBe("member");
    const removed = await app.gql(`mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) { userId } }`, { p: project.id, u: carol.user.id }, alice.token);
    expect(removed.body.data.removeProjectMember.userId).toBe(carol.user.id);
  });
});

describe("member list", () => {
  const ids = (members: { user: { id: string } }[]) => members.map((member) => member.user.id);
  const PAGE = `query($id: ID!, $first: Int, $after: String) {
    projectMembers(projectId: $id, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { role user { id } } } }`;

  it("pages like every list, in joining order, through REST and projectMembers; Project.members stays one list", async () => {
    const project = await createProject(app, alice);
    const joined = [alice.user.id];
    for (const user of [bob, await addMember(app, admin), await addMember(app, admin)]) {
      await addToProject(app, alice, project.id, user.user.id);
      joined.push(user.user.id);
    }
    const rest = (query: string) => app.rest("GET", `/api/v1/projects/${project.id}/members${query}`, { token: bob.token });

    const first = await rest("?page=1&per_page=3");
    expect(first.status).toBe(200);
    expect(first.body.pagination).toEqual({ page: 1, per_page: 3, total: 4, total_pages: 2 });
    expect(ids(first.body.data)).toEqual(joined.slice(0, 3));
    const second = await rest("?page=2&per_page=3");
    expect(second.body.pagination).toEqual({ page: 2, per_page: 3, total: 4, total_pages: 2 });
    expect(ids(second.body.data)).toEqual(joined.slice(3));
    expect(second.body.data[0]).toEqual({
      user: { id: joined[3], username: expect.any(String), display_name: expect.any(String), avatar_url: null },
      role: "member",
      joined_at: expect.any(String),
    });
    const defaults = await rest("");
    expect(defaults.body.pagination).toEqual({ page: 1, per_page: 20, total: 4, total_pages: 1 });
    const beyond = await rest("?page=3&per_page=3");
    expect(beyond.body).toMatchObject({ data: [], pagination: { page: 3, per_page: 3, total: 4, total_pages: 2 } });

    const page1 = (await app.gql(PAGE, { id: project.id, first: 3 }, bob.token)).body.data.projectMembers;
    expect(page1).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(ids(page1.nodes)).toEqual(joined.slice(0, 3));
    const page2 = (await app.gql(PAGE, { id: project.id, first: 3, after: page1.pageInfo.endCursor }, bob.token)).body.data.projectMembers;
    expect(page2).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false } });
    expect(ids(page2.nodes)).toEqual(joined.slice(3));

    const whole = await app.gql(`query($id: ID!) { project(id: $id) { members { user { id } } } }`, { id: project.id }, bob.token);
    expect(ids(whole.body.data.project.members)).toEqual(joined);
  });

  it.each([["page=0"], ["page=-1"], ["per_page=0"], ["per_page=101"], ["per_page=abc"], ["page=1.5"]])("refuses %s like other lists", async (query) => {
    const project = await createProject(app, alice);
    const response = await app.rest("GET", `/api/v1/projects/${project.id}/members?${query}`, { token: alice.token });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
    expect(response.body.error.details[0].field).toBe(query.split("=")[0]);
  });

  it("refuses a page size over the limit and hides other projects through projectMembers", async () => {
    const project = await createProject(app, alice);
    const tooMany = await app.gql(PAGE, { id: project.id, first: 101 }, alice.token);
    expect(tooMany.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    const hidden = await app.gql(PAGE, { id: project.id }, outsider.token);
    expect(hidden.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
  });
});

describe("cursor paging", () => {
  const PAGE = `query($after: String) { projects(first: 2, after: $after, sort: "name") { pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id name } } }`;

  it("pages a sort by name with ties while projects are created on both sides of the cursor and a seen one is deleted", async () => {
    const owner = await registerWorkspace(app);
    // Ties at both page boundaries: the id decides among equal names.
    for (const name of ["Beta", "Beta", "Delta", "Delta", "Gamma"]) await createProject(app, owner, { name });
    const page = async (after: string | null) => {
      const response = await app.gql(PAGE, { after }, owner.token);
      expect(response.body.errors).toBeUndefined();
      return response.body.data.projects;
    };
    const order = (await app.gql(`{ projects(first: 100, sort: "name") { nodes { id } } }`, {}, owner.token)).body.data.projects.nodes.map((node: any) => node.id);
    const first = await page(null);
    expect(first.nodes.map((node: any) => node.id)).toEqual(order.slice(0, 2));
    await createProject(app, owner, { name: "Alpha" });
    const epsilon = await createProject(app, owner, { name: "Epsilon" });
    const second = await page(first.pageInfo.endCursor);
    expect(second.nodes.map((node: any) => node.id)).toEqual(order.slice(2, 4));
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect((await app.rest("DELETE", `/api/v1/projects/${order[0]}`, { token: owner.token })).status).toBe(200);
    const third = await page(second.pageInfo.endCursor);
    expect(third.nodes.map((node: any) => node.id)).toEqual([epsilon.id, order[4]]);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it("answers VALIDATION_ERROR for a cursor of another sort or list", async () => {
    const byKey = await app.gql(`{ projects(first: 1, sort: "key") { pageInfo { endCursor } } }`, {}, admin.token);
    const users = await app.gql(`{ users(first: 1) { pageInfo { endCursor } } }`, {}, admin.token);
    for (const after of [byKey.body.data.projects.pageInfo.endCursor, users.body.data.users.pageInfo.endCursor, "bogus"]) {
      const response = await app.gql(PAGE, { after }, admin.token);
      expect(response.body.errors[0].extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "after" }] });
    }
  });
});
