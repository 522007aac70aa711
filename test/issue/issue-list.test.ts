import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let admin: SignedIn;
let dev: SignedIn;
let outsider: SignedIn;
let alpha: { id: string };
let beta: { id: string };
let hidden: { id: string };

beforeAll(async () => {
  // Statements are counted per request: no job worker polling beside them.
  app = await startTestApp({ JOB_WORKERS: "false" });
  admin = await registerWorkspace(app);
  dev = await addMember(app, admin);
  outsider = await registerWorkspace(app);
  alpha = await createProject(app, admin, { key: "ALPHA" });
  beta = await createProject(app, admin, { key: "BETA" });
  hidden = await createProject(app, admin, { key: "HIDDEN" });
  await addToProject(app, admin, alpha.id, dev.user.id);
  await addToProject(app, admin, beta.id, dev.user.id);
  const specs = [
    [alpha, { summary: "Login fails with special characters", description: "Users cannot login with special characters in password", priority: "High", assignee_id: dev.user.id }],
    [alpha, { summary: "Dark mode", description: "Add a dark theme to the settings page", issue_type: "Story", priority: "Low" }],
    [alpha, { summary: "Crash on logout", description: "The app crashes after login and logout", priority: "Critical", assignee_id: admin.user.id }],
    [beta, { summary: "Beta task", description: "Nothing about authentication", issue_type: "Task" }],
    [hidden, { summary: "Hidden login problem", description: "login login login" }],
  ] as const;
  for (const [project, body] of specs) await createIssue(app, admin, project.id, body);
  await app.rest("PATCH", `/api/v1/issues/${(await app.rest("GET", "/api/v1/issues?search=dark", { token: admin.token })).body.data[0].id}`, {
    token: admin.token,
    body: { status: "In Progress" },
  });
  const foreignProject = await createProject(app, outsider);
  await createIssue(app, outsider, foreignProject.id, { summary: "Login of another tenant" });
});
afterAll(() => app.stop());

const keysOf = (response: { body: any }) => response.body.data.map((issue: any) => issue.key);
const list = (query: string, token = dev.token) => app.rest("GET", `/api/v1/issues${query}`, { token });

describe("GET /api/v1/issues", () => {
  it("lists only issues of visible projects, newest first, with the documented item shape", async () => {
    const response = await list("");
    expect(response.status).toBe(200);
    expect(keysOf(response)).toEqual(["BETA-1", "ALPHA-3", "ALPHA-2", "ALPHA-1"]);
    expect(response.body.pagination).toEqual({ page: 1, per_page: 20, total: 4, total_pages: 1 });
    expect(Object.keys(response.body.data[0]).sort()).toEqual(
      ["assignee", "created_at", "description", "id", "issue_type", "key", "priority", "project", "reporter", "status", "summary", "updated_at"].sort(),
    );
    expect((await list("", admin.token)).body.pagination.total).toBe(5);
  });

  it.each([
    ["?priority=High", ["ALPHA-1"]],
    ["?issue_type=Story", ["ALPHA-2"]],
    ["?status=In%20Progress", ["ALPHA-2"]],
    ["?status=Open&priority=Critical", ["ALPHA-3"]],
  ])("filters %s", async (query, keys) => {
    expect(keysOf(await list(query))).toEqual(keys);
  });

  it("filters by project, assignee and reporter", async () => {
    expect(keysOf(await list(`?project_id=${beta.id}`))).toEqual(["BETA-1"]);
    expect(keysOf(await list(`?assignee_id=${dev.user.id}`))).toEqual(["ALPHA-1"]);
    expect((await list(`?reporter_id=${admin.user.id}`)).body.pagination.total).toBe(4);
    expect((await list(`?reporter_id=${dev.user.id}`)).body.pagination.total).toBe(0);
  });

  it("answers 404 for filters naming a hidden project or another tenant's user, 400 for malformed ids", async () => {
    expect((await list(`?project_id=${hidden.id}`)).status).toBe(404);
    expect((await list(`?assignee_id=${outsider.user.id}`)).status).toBe(404);
    const malformed = await list("?project_id=123");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].field).toBe("project_id");
  });

  it("searches summary and description full-text, ranked, within visible projects only", async () => {
    const response = await list("?search=login");
    expect(keysOf(response)).toEqual(["ALPHA-1", "ALPHA-3"]);
    expect(keysOf(await list("?search=login", admin.token))).toContain("HIDDEN-1");
    expect(keysOf(await list("?search=theme"))).toEqual(["ALPHA-2"]);
    expect(keysOf(await list("?search=login&sort=-key"))).toEqual(["ALPHA-3", "ALPHA-1"]);
    expect((await list("?search=%22no%20such%20phrase%22")).body.data).toEqual([]);
  });

  it("gives viewers who send the same list request each their own issues", async () => {
    // One prepared statement serves a request shape; tenant and membership must come from each caller.
    const betaOnly = await addMember(app, admin);
    await addToProject(app, admin, beta.id, betaOnly.user.id);
    const viewers = [
      [dev, ["ALPHA-1", "ALPHA-3"]],
      [outsider, [expect.stringMatching(/-1$/)]],
      [admin, ["ALPHA-1", "ALPHA-3", "HIDDEN-1"]],
      [betaOnly, []],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [viewer, keys] of viewers) {
        const response = await list("?search=login&sort=key", viewer.token);
        expect([...keysOf(response)].sort()).toEqual([...keys].sort());
      }
    }
    expect((await list("?search=login", outsider.token)).body.data[0].summary).toBe("Login of another tenant");
  });

  it("sorts by allowed fields and refuses others", async () => {
    expect(keysOf(await list("?sort=key&project_id=" + alpha.id))).toEqual(["ALPHA-1", "ALPHA-2", "ALPHA-3"]);
    expect(keysOf(await list("?sort=summary"))).toEqual(["BETA-1", "ALPHA-3", "ALPHA-2", "ALPHA-1"]);
    expect((await list("?sort=relevance")).status).toBe(400);
    expect((await list("?sort=description")).status).toBe(400);
  });

  it("paginates", async () => {
    const second = await list("?per_page=3&page=2");
    expect(keysOf(second)).toEqual(["ALPHA-1"]);
    expect(second.body.pagination).toEqual({ page: 2, per_page: 3, total: 4, total_pages: 2 });
  });

  it("is the issues connection in GraphQL with the same filters", async () => {
    const response = await app.gql(
      `query($f: IssueFilters) { issues(first: 10, filters: $f) { totalCount edges { node { key } } } }`,
      { f: { search: "login", projectId: alpha.id } },
      dev.token,
    );
    expect(response.body.data.issues.edges.map((edge: any) => edge.node.key)).toEqual(["ALPHA-1", "ALPHA-3"]);
    const hiddenFilter = await app.gql(`query($f: IssueFilters) { issues(filters: $f) { totalCount } }`, { f: { projectId: hidden.id } }, dev.token);
    expect(hiddenFilter.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
  });
});

describe("cursor paging (GraphQL)", () => {
  const PAGE = `query($first: Int, $after: String, $f: IssueFilters, $sort: String) { issues(first: $first, after: $after, filters: $f, sort: $sort) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { key } } } }`;
  const keys = (page: any) => page.edges.map((edge: any) => edge.node.key);
  const deleteIssue = async (issue: { id: string }) => expect((await app.rest("DELETE", `/api/v1/issues/${issue.id}`, { token: admin.token })).status).toBe(204);

  async function page(variables: Record<string, unknown>) {
    const response = await app.gql(PAGE, variables, admin.token);
    expect(response.body.errors).toBeUndefined();
    return response.body.data.issues;
  }

  it("pages newest first while issues are created before the cursor and seen ones deleted: nothing skipped or repeated", async () => {
    const project = await createProject(app, admin);
    const f = { projectId: project.id };
    const created: { id: string; key: string }[] = [];
    for (let index = 1; index <= 6; index++) created.push(await createIssue(app, admin, project.id));
    const [i1, i2, i3, i4, i5, i6] = created.map((issue) => issue.key);

    const first = await page({ first: 2, f });
    expect(keys(first)).toEqual([i6, i5]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0].cursor, endCursor: first.edges[1].cursor });
    // Newer than everything: it sorts before the cursor, so it must not push a seen issue onto the next page.
    await createIssue(app, admin, project.id);
    const second = await page({ first: 2, after: first.pageInfo.endCursor, f });
    expect(keys(second)).toEqual([i4, i3]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(second.totalCount).toBe(7);
    // A seen issue and the cursor's own issue go: the next page neither skips nor fails.
    await deleteIssue(created[5]!);
    await deleteIssue(created[2]!);
    const third = await page({ first: 2, after: second.pageInfo.endCursor, f });
    expect(keys(third)).toEqual([i2, i1]);
    expect(third.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(third.totalCount).toBe(5);
    const past = await page({ first: 2, after: third.pageInfo.endCursor, f });
    expect(past).toMatchObject({ edges: [], totalCount: 5, pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
  });

  it("pages a sort with ties in the order of a single page, issues created after the cursor appearing once and those before not at all", async () => {
    const project = await createProject(app, admin);
    const f = { projectId: project.id };
    // Ties across every page boundary: the id decides among equal summaries.
    for (const summary of ["b", "b", "b", "d", "d", "f", "f"]) await createIssue(app, admin, project.id, { summary });
    const seen: string[] = [];
    let before = "";
    let after: string | null = null;
    for (let round = 0; ; round++) {
      const current = await page({ first: 2, after, f, sort: "summary" });
      seen.push(...keys(current));
      if (round === 0) {
        before = (await createIssue(app, admin, project.id, { summary: "a" })).key;
        await createIssue(app, admin, project.id, { summary: "e" });
      }
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    const whole = keys(await page({ first: 100, f, sort: "summary" }));
    expect(whole[0]).toBe(before);
    expect(seen).toEqual(whole.slice(1));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(8);
  });

  it("pages search results ranked by relevance", async () => {
    const search = { search: "login", projectId: alpha.id };
    const whole = keys(await page({ first: 10, f: search }));
    expect(whole).toEqual(["ALPHA-1", "ALPHA-3"]);
    const first = await page({ first: 1, f: search });
    const second = await page({ first: 1, after: first.pageInfo.endCursor, f: search });
    expect([...keys(first), ...keys(second)]).toEqual(whole);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it("answers VALIDATION_ERROR for a malformed cursor and for a cursor of another list or sort", async () => {
    const bySummary = await page({ first: 1, sort: "summary" });
    const users = await app.gql(`{ users(first: 1) { pageInfo { endCursor } } }`, {}, admin.token);
    for (const after of ["bogus", "", bySummary.pageInfo.endCursor, users.body.data.users.pageInfo.endCursor]) {
      const response = await app.gql(PAGE, { first: 2, after }, admin.token);
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(response.body.errors[0].extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "after", code: expect.any(String) }] });
    }
  });
});

describe("SQL statements", () => {
  const BOARD = `query($id: ID!, $first: Int) { project(id: $id) { id name issues(first: $first) { edges { node {
    id key summary status assignee { id displayName } reporter { id displayName } project { id key } } } } } }`;

  /** Statements of `run` once an identical run has gone before, so the users it shows are held. */
  async function statementsFor(run: () => Promise<{ body: any }>, target = app) {
    await run();
    const before = target.server.database.statementCount();
    const response = await run();
    expect(response.body.errors).toBeUndefined();
    return target.server.database.statementCount() - before;
  }

  // The session check, the project with the caller's role, the page; the users are held (user-view-cache.ts).
  it("the board query takes 3 statements, the same for 5 or 100 issues", async () => {
    const board = await createProject(app, admin, { key: "BOARD" });
    await addToProject(app, admin, board.id, dev.user.id);
    const members = [admin, dev];
    for (let index = 0; index < 100; index++) {
      await createIssue(app, admin, board.id, { summary: `Card ${index}`, assignee_id: members[index % 2]!.user.id });
    }
    const small = await statementsFor(() => app.gql(BOARD, { id: board.id, first: 5 }, admin.token));
    const large = await statementsFor(() => app.gql(BOARD, { id: board.id, first: 100 }, admin.token));
    expect(small).toBe(3);
    expect(large).toBe(small);
    // The same selection through a named fragment, an inline fragment and `nodes` instead of `edges`.
    const withFragments = `query($id: ID!, $first: Int) { project(id: $id) { id name issues(first: $first) { nodes { ...Card } } } }
      fragment Card on Issue { id key summary status ... on Issue { assignee { id displayName } } reporter { ...Person } project { id key } }
      fragment Person on User { id displayName }`;
    const viaFragments = await app.gql(withFragments, { id: board.id, first: 100 }, admin.token);
    const direct = await app.gql(BOARD, { id: board.id, first: 100 }, admin.token);
    expect(viaFragments.body.data.project.issues.nodes).toEqual(direct.body.data.project.issues.edges.map((edge: any) => edge.node));
    expect(await statementsFor(() => app.gql(withFragments, { id: board.id, first: 100 }, admin.token))).toBe(small);
  });

  it("reads the users a board shows in one statement when none are held", async () => {
    const cold = await startTestApp({ USER_CACHE_SECONDS: "0", JOB_WORKERS: "false" });
    try {
      const owner = await registerWorkspace(cold);
      const helper = await addMember(cold, owner);
      const board = await createProject(cold, owner);
      await addToProject(cold, owner, board.id, helper.user.id);
      for (let index = 0; index < 12; index++) {
        await createIssue(cold, owner, board.id, { assignee_id: [owner, helper][index % 2]!.user.id });
      }
      const boardOf = (first: number) => statementsFor(() => cold.gql(BOARD, { id: board.id, first }, owner.token), cold);
      expect(await boardOf(2)).toBe(4);
      expect(await boardOf(12)).toBe(4);
    } finally {
      await cold.stop();
    }
  });

  it("the REST issue list does not grow with the page size", async () => {
    const few = await statementsFor(() => list("?per_page=2", admin.token));
    const many = await statementsFor(() => list("?per_page=100", admin.token));
    expect(many).toBe(few);
    expect(many).toBe(3);
  });
});
