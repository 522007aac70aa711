import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOARD as FLOOR_BOARD } from "../../bench/api/floor-queries";
import { startTestApp, type TestApp } from "../helpers/app";
import { createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let admin: SignedIn;
let outsider: SignedIn;

beforeAll(async () => {
  app = await startTestApp();
  admin = await registerWorkspace(app);
  outsider = await registerWorkspace(app);
});
afterAll(() => app.stop());

const cursorOf = (text: string) => Buffer.from(text).toString("base64url");
const ID = "00000000-0000-4000-8000-000000000000";

async function data(query: string, variables: Record<string, unknown>, token = admin.token) {
  const response = await app.gql(query, variables, token);
  expect(response.body.errors).toBeUndefined();
  return response.body.data;
}

/** The error of a query that must fail its `after` validation, and nothing else. */
async function refusedCursor(query: string, variables: Record<string, unknown>) {
  const response = await app.gql(query, variables, admin.token);
  expect(response.status).toBe(200);
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors;
  expect(error.extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "after", code: "INVALID_FORMAT" }] });
  expect(error.message).toBe("Request validation failed");
  return error;
}

describe("nested connections page after a cursor", () => {
  const PROJECT_ISSUES = `query($id: ID!, $after: String) { project(id: $id) { issues(first: 2, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { key } } } }`;
  const BATCHED = `query($after: String) { projects(first: 100) { nodes { id issues(first: 2, after: $after) { pageInfo { hasNextPage } nodes { key } } } } }`;
  const keys = (connection: any) => connection.nodes.map((node: any) => node.key);

  it("project.issues: alone and batched with other projects, while issues are created and deleted", async () => {
    const project = await createProject(app, admin);
    const other = await createProject(app, admin);
    const issues: { id: string; key: string }[] = [];
    for (let index = 0; index < 5; index++) {
      issues.push(await createIssue(app, admin, project.id));
      await createIssue(app, admin, other.id);
    }
    const [i1, i2, i3, i4, i5] = issues.map((issue) => issue.key);
    const first = (await data(PROJECT_ISSUES, { id: project.id })).project.issues;
    expect(keys(first)).toEqual([i5, i4]);
    await createIssue(app, admin, project.id);
    const second = (await data(PROJECT_ISSUES, { id: project.id, after: first.pageInfo.endCursor })).project.issues;
    expect(keys(second)).toEqual([i3, i2]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(second.totalCount).toBe(6);
    const batched = (await data(BATCHED, { after: first.pageInfo.endCursor })).projects.nodes;
    expect(batched.length).toBeGreaterThan(1);
    expect(keys(batched.find((node: any) => node.id === project.id).issues)).toEqual([i3, i2]);
    // The cursor's own issue and a seen one go.
    for (const gone of [issues[1]!, issues[4]!]) expect((await app.rest("DELETE", `/api/v1/issues/${gone.id}`, { token: admin.token })).status).toBe(204);
    const third = (await data(PROJECT_ISSUES, { id: project.id, after: second.pageInfo.endCursor })).project.issues;
    expect(keys(third)).toEqual([i1]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(third.totalCount).toBe(4);
  });

  it("issue.comments: oldest first, a seen comment deleted and a new one added while paging", async () => {
    const project = await createProject(app, admin);
    const issue = await createIssue(app, admin, project.id);
    const comments: { id: string; content: string }[] = [];
    const comment = async (content: string) => {
      const response = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content } });
      expect(response.status).toBe(201);
      return response.body.data as { id: string; content: string };
    };
    for (const content of ["c1", "c2", "c3", "c4", "c5"]) comments.push(await comment(content));
    const COMMENTS = `query($id: ID!, $after: String) { issue(id: $id) { comments(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { content } } } } }`;
    const contents = (connection: any) => connection.edges.map((edge: any) => edge.node.content);
    const first = (await data(COMMENTS, { id: issue.id })).issue.comments;
    expect(contents(first)).toEqual(["c1", "c2"]);
    expect((await app.rest("DELETE", `/api/v1/issues/${issue.id}/comments/${comments[0]!.id}`, { token: admin.token })).status).toBe(204);
    const second = (await data(COMMENTS, { id: issue.id, after: first.pageInfo.endCursor })).issue.comments;
    expect(contents(second)).toEqual(["c3", "c4"]);
    expect(second.totalCount).toBe(4);
    await comment("c6");
    // Any edge's cursor continues after that edge.
    const fromEdge = (await data(COMMENTS, { id: issue.id, after: second.edges[0].cursor })).issue.comments;
    expect(contents(fromEdge)).toEqual(["c4", "c5"]);
    const last = (await data(COMMENTS, { id: issue.id, after: second.pageInfo.endCursor })).issue.comments;
    expect(contents(last)).toEqual(["c5", "c6"]);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });

  it("issue.history: one entry at a time, in the order of a single page", async () => {
    const project = await createProject(app, admin);
    const issue = await createIssue(app, admin, project.id);
    for (const summary of ["one", "two", "three"]) {
      expect((await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary, priority: summary === "two" ? "High" : "Low" } })).status).toBe(200);
    }
    const HISTORY = `query($id: ID!, $first: Int, $after: String) { issue(id: $id) { history(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { field to } } } }`;
    const whole = (await data(HISTORY, { id: issue.id, first: 100 })).issue.history.nodes;
    expect(whole.length).toBeGreaterThan(3);
    const paged: unknown[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await data(HISTORY, { id: issue.id, first: 1, after })).issue.history;
      paged.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(whole);
  });
});

describe("cursors that are not of the list", () => {
  const ISSUES = `query($after: String, $sort: String, $f: IssueFilters) { issues(first: 5, after: $after, sort: $sort, filters: $f) { nodes { key } } }`;
  let project: { id: string; key: string };
  let issue: { id: string };

  beforeAll(async () => {
    project = await createProject(app, admin);
    issue = await createIssue(app, admin, project.id, { summary: "Cursor target" });
    await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "A comment" } });
  });

  it.each([
    ["a timestamp that is not a number", `issue:-created_at["2026-01-01", "${ID}"]`],
    ["a timestamp that is not an integer", `issue:-created_at[1.5, "${ID}"]`],
    ["a timestamp beyond safe integers", `issue:-created_at[1e300, "${ID}"]`],
    ["an id that is not a UUID", `issue:-created_at[1, "1; drop table issues"]`],
    ["too few keys", `issue:-created_at[1]`],
    ["too many keys", `issue:-created_at[1, "${ID}", 3]`],
    ["keys that are not JSON", `issue:-created_at[1, "${ID}"`],
    ["keys that are an object", `issue:-created_at{"id": "${ID}"}`],
    ["a nested key", `issue:-created_at[[1], "${ID}"]`],
    ["a tag of no list", `ISSUE:-created_at[1, "${ID}"]`],
    ["a negative position", "o:-1"],
    ["a position that is not a number", "o:first"],
  ])("refuses %s", async (_, text) => {
    await refusedCursor(ISSUES, { after: cursorOf(text) });
  });

  it.each([
    ["a NUL character", `issue:summary["a\\u0000b", "${ID}"]`, { sort: "summary" }],
    ["a lone surrogate", `issue:summary["\\ud800", "${ID}"]`, { sort: "summary" }],
    ["a relevance beyond float8", `issue:relevance[1e308, "${ID}"]`, { f: { search: "cursor" } }],
    ["a relevance below float8's normal range", `issue:relevance[1e-320, "${ID}"]`, { f: { search: "cursor" } }],
  ])("refuses a key PostgreSQL could not take: %s", async (_, text, variables) => {
    await refusedCursor(ISSUES, { after: cursorOf(text), ...variables });
  });

  it("refuses overlong cursors", async () => {
    await refusedCursor(ISSUES, { after: cursorOf(`issue:summary["${"x".repeat(5000)}", "${ID}"]`), sort: "summary" });
  });

  it("takes any key of the right kind without a database error, at the ends of the range too", async () => {
    for (const [text, variables] of [
      [`issue:-created_at[9007199254740991, "${ID}"]`, {}],
      [`issue:-created_at[-9007199254740991, "${ID}"]`, {}],
      [`issue:summary["é😀 ' \\" \\\\ ; --", "${ID}"]`, { sort: "summary" }],
      [`issue:relevance[-0.5, "${ID}"]`, { f: { search: "cursor" } }],
      [`issue:key,-status[2147483648, "z", "${ID}"]`, { sort: "key,-status" }],
    ] as const) {
      await data(ISSUES, { after: cursorOf(text), ...variables });
    }
    const all = await data(ISSUES, { after: cursorOf(`issue:-created_at[9007199254740991, "${ID}"]`), f: { projectId: project.id } });
    expect(all.issues.nodes).toEqual([{ key: `${project.key}-1` }]);
  });

  it("refuses a cursor of another list on each connection, nested ones included", async () => {
    const cursors = await data(
      `query($id: ID!, $issue: ID!) { project(id: $id) { issues(first: 1) { pageInfo { endCursor } } }
        issue(id: $issue) { comments(first: 1) { pageInfo { endCursor } } history(first: 1) { pageInfo { endCursor } } }
        users(first: 1) { pageInfo { endCursor } } projects(first: 1) { pageInfo { endCursor } } }`,
      { id: project.id, issue: issue.id },
    );
    const issueCursor = cursors.project.issues.pageInfo.endCursor;
    const commentCursor = cursors.issue.comments.pageInfo.endCursor;
    const projectCursor = cursors.projects.pageInfo.endCursor;
    await refusedCursor(`query($id: ID!, $after: String) { project(id: $id) { issues(after: $after) { nodes { key } } } }`, { id: project.id, after: commentCursor });
    await refusedCursor(`query($id: ID!, $after: String) { issue(id: $id) { comments(after: $after) { nodes { id } } } }`, { id: issue.id, after: issueCursor });
    await refusedCursor(`query($id: ID!, $after: String) { issue(id: $id) { history(after: $after) { nodes { id } } } }`, { id: issue.id, after: commentCursor });
    await refusedCursor(`query($after: String) { users(after: $after) { nodes { id } } }`, { after: issueCursor });
    await refusedCursor(`query($after: String) { projects(after: $after) { nodes { id } } }`, { after: cursors.users.pageInfo.endCursor });
    await refusedCursor(`query($after: String) { projects(after: $after, sort: "name") { nodes { id } } }`, { after: projectCursor });
    await refusedCursor(ISSUES, { after: issueCursor, sort: "-updated_at" });
    // The project's issues share the order of `issues(sort: "-created_at")`, and with it their cursors.
    expect((await data(ISSUES, { after: issueCursor, f: { projectId: project.id } })).issues.nodes).toEqual([]);
  });

  it("a foreign cursor fails only the connection it is given to", async () => {
    const comment = (await data(`query($id: ID!) { issue(id: $id) { comments(first: 1) { pageInfo { endCursor } } } }`, { id: issue.id })).issue.comments.pageInfo.endCursor;
    const response = await app.gql(
      `query($id: ID!, $after: String) { project(id: $id) { key bad: issues(after: $after) { nodes { key } } good: issues(first: 1) { nodes { key } } } }`,
      { id: project.id, after: comment },
      admin.token,
    );
    expect(response.body.errors.map((error: any) => [error.path, error.extensions.code])).toEqual([[["project", "bad"], "VALIDATION_ERROR"]]);
  });

  it("shows another workspace nothing of the cursor's list", async () => {
    const mine = await createProject(app, outsider);
    const own = [await createIssue(app, outsider, mine.id), await createIssue(app, outsider, mine.id)];
    const page = await data(`{ issues(first: 1, sort: "created_at") { pageInfo { endCursor } } }`, {});
    const foreign = await data(`query($after: String) { issues(first: 100, after: $after, sort: "created_at") { nodes { id } } }`, { after: page.issues.pageInfo.endCursor }, outsider.token);
    expect(foreign.issues.nodes.map((node: any) => node.id).sort()).toEqual(own.map((issue) => issue.id).sort());
  });
});

describe("the board", () => {
  const BOARD = `query Board($id: ID!, $first: Int) {
    project(id: $id) { id key name
      issues(first: $first) { pageInfo { hasNextPage endCursor }
        nodes { id key summary status priority assignee { id username displayName } reporter { id username displayName } } } } }`;

  /** Rows of a statement, from PGlite (`{ rows }`) or postgres.js (an array). */
  async function rowsOf(query: SQL): Promise<any[]> {
    const result: any = await app.server.database.db.execute(query);
    return Array.isArray(result) ? result : result.rows;
  }

  /** bench/api/floor-queries.ts's board statement, its `$n` as parameters. */
  async function floorBoard(values: unknown[]) {
    const parts = FLOOR_BOARD.split(/\$(\d)/);
    const [row] = await rowsOf(sql.join(parts.map((part, index) => (index % 2 ? sql`${values[Number(part) - 1]}` : sql.raw(part)))));
    return JSON.parse(row.body).data;
  }

  it("ends with the cursor the benchmark's floor builds, and the cursor pages on", async () => {
    const project = await createProject(app, admin);
    for (let index = 0; index < 3; index++) await createIssue(app, admin, project.id, { assignee_id: index % 2 ? admin.user.id : undefined });
    const [{ tenantId }] = await rowsOf(sql`select tenant_id as "tenantId" from projects where id = ${project.id}`);
    for (const first of [2, 50]) {
      const ours = await data(BOARD, { id: project.id, first });
      expect(await floorBoard([tenantId, admin.user.id, project.id, first])).toEqual(ours);
    }
    const head = (await data(BOARD, { id: project.id, first: 2 })).project.issues;
    const rest = (await data(`query($id: ID!, $after: String) { project(id: $id) { issues(after: $after) { nodes { key } } } }`, { id: project.id, after: head.pageInfo.endCursor })).project.issues;
    expect(rest.nodes).toEqual([{ key: `${project.key}-1` }]);
  });
});
