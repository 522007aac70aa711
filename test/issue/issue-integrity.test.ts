import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, addToProject, createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { encodePositionCursor } from "../../src/schema/common/cursor";

let app: TestApp;
let admin: SignedIn;
let bob: SignedIn;
let project: { id: string };

beforeAll(async () => {
  // Statements are counted per request: no job worker polling beside them.
  app = await startTestApp({ JOB_WORKERS: "false" });
  admin = await registerWorkspace(app);
  bob = await addMember(app, admin);
  project = await createProject(app, admin);
  await addToProject(app, admin, project.id, bob.user.id);
});
afterAll(() => app.stop());

const link = (token: string, from: string, to: string, type = "blocks") =>
  app.rest("POST", `/api/v1/issues/${from}/links`, { token, body: { type, issue_id: to } });

describe("links and deletion", () => {
  it("do not block deleting an issue whose other end was deleted with its project", async () => {
    const doomed = await createProject(app, admin);
    await addToProject(app, admin, doomed.id, bob.user.id);
    const mine = await createIssue(app, bob, project.id);
    const theirs = await createIssue(app, bob, doomed.id);
    expect((await link(bob.token, mine.id, theirs.id)).status).toBe(201);
    await app.rest("DELETE", `/api/v1/projects/${doomed.id}`, { token: admin.token });
    expect((await app.rest("GET", `/api/v1/issues/${mine.id}`, { token: bob.token })).body.data.links).toEqual([]);
    expect((await app.rest("DELETE", `/api/v1/issues/${mine.id}`, { token: bob.token })).status).toBe(204);
  });

  it("do not block or reveal through links to issues the deleter cannot see", async () => {
    const other = await createProject(app, admin);
    await addToProject(app, admin, other.id, bob.user.id);
    const mine = await createIssue(app, bob, project.id);
    const theirs = await createIssue(app, admin, other.id);
    await link(bob.token, mine.id, theirs.id);
    await app.rest("DELETE", `/api/v1/projects/${other.id}/members/${bob.user.id}`, { token: admin.token });
    expect((await app.rest("DELETE", `/api/v1/issues/${mine.id}`, { token: bob.token })).status).toBe(204);
    expect((await app.rest("GET", `/api/v1/issues/${theirs.id}`, { token: admin.token })).body.data.links).toEqual([]);
  });

  it("need contribute rights on both issues: a viewer cannot link into a project", async () => {
    const viewed = await createProject(app, admin);
    await addToProject(app, admin, viewed.id, bob.user.id, "viewer");
    const mine = await createIssue(app, bob, project.id);
    const theirs = await createIssue(app, admin, viewed.id);
    const response = await link(bob.token, mine.id, theirs.id);
    expect(response.status).toBe(403);
  });

  it("never leave a link to an issue deleted concurrently", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const target = await createIssue(app, admin, project.id);
        const source = await createIssue(app, admin, project.id);
        const [deleted, linked] = await Promise.all([
          app.rest("DELETE", `/api/v1/issues/${target.id}`, { token: admin.token }),
          link(admin.token, source.id, target.id),
        ]);
        return { deleted: deleted.status, linked: linked.status, target };
      }),
    );
    for (const { deleted, linked } of results) {
      expect([204, 422]).toContain(deleted);
      expect([201, 404]).toContain(linked);
      expect(deleted === 204 && linked === 201).toBe(false);
    }
  });

  it("refuse the reverse relation even when both directions arrive at once", async () => {
    const x = await createIssue(app, admin, project.id);
    const y = await createIssue(app, admin, project.id);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => (index % 2 ? link(admin.token, x.id, y.id, "relates_to") : link(admin.token, y.id, x.id, "relates_to"))),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(5);
    const blocks = await Promise.all([link(admin.token, x.id, y.id), link(admin.token, y.id, x.id)]);
    expect(blocks.map((response) => response.status).sort()).toEqual([201, 409]);
  });
});

describe("concurrent updates", () => {
  it("keep every custom field written in parallel", async () => {
    const custom = await createProject(app, admin, {
      settings: { custom_fields: ["a", "b", "c", "d"].map((key) => ({ key, name: key, type: "number" })) },
    });
    const issue = await createIssue(app, admin, custom.id);
    await Promise.all(
      ["a", "b", "c", "d"].map((key, index) => app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { custom_fields: { [key]: index } } })),
    );
    const after = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: admin.token });
    expect(after.body.data.custom_fields).toEqual({ a: 0, b: 1, c: 2, d: 3 });
  });
});

describe("odd input", () => {
  it("refuses lone UTF-16 surrogates with 400", async () => {
    const issue = await createIssue(app, admin, project.id);
    const response = await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, rawBody: '{"summary":"bad \\ud800"}', headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: "summary", code: "INVALID_FORMAT" });
  });

  it.each(["__proto__", "constructor", "-toString"])("refuses sort=%s", async (sort) => {
    expect((await app.rest("GET", `/api/v1/issues?sort=${sort}`, { token: admin.token })).status).toBe(400);
    expect((await app.rest("GET", `/api/v1/projects?sort=${sort}`, { token: admin.token })).status).toBe(400);
  });

  it("enforces a required custom field whose key is also an Object property name", async () => {
    const odd = await createProject(app, admin, { settings: { custom_fields: [{ key: "constructor", name: "Ctor", type: "text", required: true }] } });
    const missing = await app.rest("POST", "/api/v1/issues", { token: admin.token, body: { project_id: odd.id, summary: "x", issue_type: "Bug" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ field: "custom_fields.constructor", code: "REQUIRED_FIELD_MISSING" });
  });

  it("treats upper-case ids like lower-case ones", async () => {
    const issue = await createIssue(app, admin, project.id);
    const comment = await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: "c" } });
    const edited = await app.rest("PATCH", `/api/v1/issues/${issue.id.toUpperCase()}/comments/${comment.body.data.id}`, { token: admin.token, body: { content: "d" } });
    expect(edited.status).toBe(200);
    const demote = await app.rest("PATCH", `/api/v1/projects/${project.id}/members/${admin.user.id.toUpperCase()}`, { token: admin.token, body: { role: "viewer" } });
    expect(demote.status).toBe(409);
  });
});

describe("nested lists", () => {
  async function statements(query: string) {
    const before = app.server.database.statementCount();
    const response = await app.gql(query, {}, admin.token);
    expect(response.body.errors).toBeUndefined();
    return app.server.database.statementCount() - before;
  }

  it("load children of every parent in one statement per page window", async () => {
    const many = await createProject(app, admin);
    for (let index = 0; index < 10; index++) {
      const issue = await createIssue(app, admin, many.id);
      await app.rest("POST", `/api/v1/issues/${issue.id}/comments`, { token: admin.token, body: { content: `c${index}` } });
      await app.rest("PATCH", `/api/v1/issues/${issue.id}`, { token: admin.token, body: { summary: `s${index}` } });
    }
    const filter = `filters: { projectId: "${many.id}" }`;
    for (const shape of [
      (n: number) => `{ projects(first: ${n}) { nodes { issues(first: 3) { totalCount nodes { key } } } } }`,
      (n: number) => `{ issues(first: ${n}, ${filter}) { nodes { comments(first: 2) { totalCount nodes { content author { id } } } } } }`,
      (n: number) => `{ issues(first: ${n}, ${filter}) { nodes { history(first: 2) { totalCount nodes { field actor { id } } } } } }`,
    ]) {
      expect(await statements(shape(10))).toBe(await statements(shape(2)));
    }
  });

  it("page each parent's children on its own, read together or alone: order, hasNextPage and totalCount at every window", async () => {
    const sizes = [0, 1, 3, 4, 7];
    const parents: { id: string; keys: string[] }[] = [];
    for (const size of sizes) {
      const project = await createProject(app, admin);
      const keys: string[] = [];
      for (let index = 0; index < size; index++) {
        const issue = await createIssue(app, admin, project.id);
        keys.unshift(issue.key);
        // A deleted issue between the others, which neither form may show or count.
        if (index === 1) expect((await app.rest("DELETE", `/api/v1/issues/${(await createIssue(app, admin, project.id)).id}`, { token: admin.token })).status).toBe(204);
      }
      parents.push({ id: project.id, keys });
    }
    for (const first of [1, 3, 4]) {
      for (const skip of [0, 2, 3, 4, 8]) {
        const after = skip === 0 ? null : encodePositionCursor(skip - 1);
        // Children of a list's parents load in one batch: the form for several parents.
        const query = `query($first: Int, $after: String) { projects(first: 100) { nodes { id issues(first: $first, after: $after) { totalCount pageInfo { hasNextPage } nodes { key } } } } }`;
        const response = await app.gql(query, { first, after }, admin.token);
        expect(response.body.errors).toBeUndefined();
        const listed = new Map(response.body.data.projects.nodes.map((node: any) => [node.id, node.issues]));
        parents.forEach((parent) => {
          const page = listed.get(parent.id) as any;
          expect(page.nodes.map((node: any) => node.key)).toEqual(parent.keys.slice(skip, skip + first));
          expect(page.pageInfo.hasNextPage).toBe(skip + first < parent.keys.length);
          expect(page.totalCount).toBe(parent.keys.length);
        });
        for (const parent of parents) {
          const alone = await app.gql(
            `query($id: ID!, $first: Int, $after: String) { project(id: $id) { issues(first: $first, after: $after) { pageInfo { hasNextPage } nodes { key } } } }`,
            { id: parent.id, first, after },
            admin.token,
          );
          expect(alone.body.data.project.issues).toEqual({ pageInfo: { hasNextPage: skip + first < parent.keys.length }, nodes: parent.keys.slice(skip, skip + first).map((key) => ({ key })) });
        }
      }
    }
  });

  it("read only the columns a page's selection needs, and never share a page between selections that need different ones", async () => {
    const project = await createProject(app, admin);
    await createIssue(app, admin, project.id, { summary: "Narrow", description: "Only when asked", custom_fields: {} });
    const response = await app.gql(
      `query($id: ID!) { project(id: $id) {
        a: issues(first: 5) { nodes { summary } }
        b: issues(first: 5) { nodes { summary description createdAt } }
        c: issues(first: 5) { edges { node { ... on Issue { description customFields } } } } } }`,
      { id: project.id },
      admin.token,
    );
    expect(response.body.errors).toBeUndefined();
    const { a, b, c } = response.body.data.project;
    expect(a.nodes).toEqual([{ summary: "Narrow" }]);
    expect(b.nodes).toEqual([{ summary: "Narrow", description: "Only when asked", createdAt: expect.any(String) }]);
    expect(c.edges).toEqual([{ node: { description: "Only when asked", customFields: {} } }]);
    const list = await app.gql(
      `query($id: String!) { issues(filters: { projectId: $id }) { nodes { key description updatedAt project { id } } } }`,
      { id: project.id },
      admin.token,
    );
    expect(list.body.data.issues.nodes).toEqual([{ key: expect.stringMatching(/-1$/), description: "Only when asked", updatedAt: expect.any(String), project: { id: project.id } }]);
  });

  it("count children only when totalCount is asked for, in one statement for every parent", async () => {
    const projectsQuery = (fields: string) => `{ projects(first: 20) { nodes { issues(first: 1) { ${fields} } } } }`;
    const without = await statements(projectsQuery("nodes { key }"));
    const withTotals = await statements(projectsQuery("totalCount nodes { key }"));
    expect(withTotals).toBe(without + 1);
  });
});
