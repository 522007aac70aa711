import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { loadConfig } from "../../src/config";
import { BOARD } from "../helpers/board";
import { createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { connect, eventually, subscribe, type LiveClient } from "../helpers/live";

let app: TestApp;
let owner: SignedIn;
let project: { id: string };
const clients: LiveClient[] = [];

beforeAll(async () => {
  app = await startTestApp({ GRAPHQL_MAX_COST: "100" });
  owner = await registerWorkspace(app);
  project = await createProject(app, owner);
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await app.stop();
});

/** The first error an operation gets over HTTP and over WebSocket (as a subscription selection). */
async function rejections(selection: string) {
  const http = await app.gql(`query { me { ${selection} } }`, {}, owner.token);
  const client = connect(app.url, owner.token);
  clients.push(client);
  const feed = subscribe(client, `subscription { issueUpdated(projectId: "${project.id}") { reporter { ${selection} } } }`, {});
  await eventually(() => feed.errors.length > 0, 5000, "websocket rejection");
  return { http: http.body.errors?.[0], ws: feed.errors[0] };
}

describe("GraphQL limits, the same over HTTP and WebSocket", () => {
  it("limits aliases", async () => {
    const { http, ws } = await rejections(Array.from({ length: 16 }, (_, index) => `a${index}: id`).join(" "));
    for (const error of [http, ws]) expect(error.message).toMatch(/Aliases limit of 15 exceeded, found 16/);
  });

  it("limits directives", async () => {
    const { http, ws } = await rejections(`id ${"@include(if: true) ".repeat(51)}`);
    for (const error of [http, ws]) expect(error.message).toMatch(/Directives limit of 50 exceeded/);
  });

  it("limits cost", async () => {
    const user = "id email username firstName lastName displayName avatarUrl isActive roles createdAt updatedAt";
    const projectSelection = `lead { ${user} } issues { nodes { reporter { ${user} } } }`;
    const http = await app.gql(`query { project(id: "${project.id}") { ${projectSelection} } }`, {}, owner.token);
    expect(http.body.errors[0].message).toMatch(/Query cost limit of 100 exceeded/);
    const client = connect(app.url, owner.token);
    clients.push(client);
    const feed = subscribe(client, `subscription { issueUpdated(projectId: "${project.id}") { project { ${projectSelection} } } }`, {});
    await eventually(() => feed.errors.length > 0, 5000, "websocket rejection");
    expect(feed.errors[0].message).toMatch(/Query cost limit of 100 exceeded/);
  });

  it("counts a connection's selection once per item of its page", async () => {
    // issues 2, and per issue: nodes 2 + id 1.
    for (const [first, cost] of [[10, 32], [30, 92]]) {
      const response = await app.gql(`{ issues(first: ${first}) { nodes { id } } }`, {}, owner.token);
      expect(response.body.errors, `first: ${first} costs ${cost}`).toBeUndefined();
    }
    const over = await app.gql(`{ issues(first: 40) { nodes { id } } }`, {}, owner.token);
    expect(over.body.errors[0].message).toBe("Query cost limit of 100 exceeded, found 122.");
    const byDefault = await app.gql(`{ issues { edges { node { id } } } }`, {}, owner.token);
    expect(byDefault.body.errors[0].message).toBe("Query cost limit of 100 exceeded, found 102.");
  });

  it("limits tokens while parsing", async () => {
    const { http, ws } = await rejections("id ".repeat(2100));
    for (const error of [http, ws]) expect(error.message).toMatch(/Document contains more th\w+ 2000 tokens/);
  });

  it("refuses batched HTTP requests", async () => {
    const response = await fetch(`${app.url}/api/v1/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${owner.token}` },
      body: JSON.stringify([{ query: "{ me { id } }" }, { query: "{ me { id } }" }]),
    });
    expect(response.status).toBe(400);
  });

  it("lets the standard introspection query through outside production", async () => {
    const response = await app.gql(getIntrospectionQuery());
    expect(response.body.errors).toBeUndefined();
  });
});

describe("GraphQL cost at the default limit", () => {
  let defaults: TestApp;
  let halved: TestApp;
  beforeAll(async () => {
    defaults = await startTestApp();
    halved = await startTestApp({ GRAPHQL_MAX_COST: String(loadConfig({}).GRAPHQL_MAX_COST / 2) });
  });
  afterAll(async () => {
    await defaults.stop();
    await halved.stop();
  });

  const NESTED = `{ projects(first: 100) { edges { node { issues(first: 100) { edges { node { comments(first: 100) { edges { node { id content } } } } } } } } } }`;

  it("refuses nested pages of a million comments before execution, over HTTP and WebSocket", async () => {
    const admin = await registerWorkspace(defaults);
    await createProject(defaults, admin);
    const http = await defaults.gql(NESTED, {}, admin.token);
    expect(http.body.data).toBeUndefined();
    expect(http.body.errors).toHaveLength(1);
    expect(http.body.errors[0]).toMatchObject({
      message: "Query cost limit of 50000 exceeded, found 6060602.",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    const client = connect(defaults.url, admin.token);
    clients.push(client);
    const feed = subscribe(client, NESTED, {});
    await eventually(() => feed.errors.length > 0, 5000, "websocket rejection");
    expect(feed.items).toEqual([]);
    expect(feed.errors[0]).toMatchObject({
      message: "Query cost limit of 50000 exceeded, found 6060602.",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });

  it("counts a page size given as a variable as the largest page, whatever the value", async () => {
    const admin = await registerWorkspace(defaults);
    // projects 2, per project: nodes 2 + issues 2, per issue: nodes 2 + 4 scalars.
    const query = `query($n: Int) { projects(first: $n) { nodes { issues(first: $n) { nodes { id key summary status } } } } }`;
    const response = await defaults.gql(query, { n: 1 }, admin.token);
    expect(response.body.errors[0].message).toBe("Query cost limit of 50000 exceeded, found 60402.");
  });

  it("lets the board query through within half the default limit", async () => {
    const admin = await registerWorkspace(halved);
    const board = await createProject(halved, admin);
    const issue = await createIssue(halved, admin, board.id, { summary: "On the board", assignee_id: admin.user.id });
    const response = await halved.gql(BOARD, { id: board.id }, admin.token);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.project.issues.nodes).toEqual([
      expect.objectContaining({ id: issue.id, summary: "On the board", assignee: expect.objectContaining({ id: admin.user.id }) }),
    ]);
  });
});
