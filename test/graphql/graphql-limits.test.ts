import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
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
    const projectSelection = `lead { ${user} } members { user { ${user} } } issues { nodes { reporter { ${user} } assignee { ${user} } } }`;
    const http = await app.gql(`query { projects { nodes { ${projectSelection} } } }`, {}, owner.token);
    expect(http.body.errors[0].message).toMatch(/Query Cost limit of 100 exceeded/);
    const client = connect(app.url, owner.token);
    clients.push(client);
    const feed = subscribe(client, `subscription { issueUpdated(projectId: "${project.id}") { project { ${projectSelection} } } }`, {});
    await eventually(() => feed.errors.length > 0, 5000, "websocket rejection");
    expect(feed.errors[0].message).toMatch(/Query Cost limit of 100 exceeded/);
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
