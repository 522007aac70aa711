import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContractSchema } from "../../src/graphql/build-schema";
import { restApiDocument } from "../../src/rest-bridge/openapi";
import { compileRoutes } from "../../src/rest-bridge/compile";
import { routeTable } from "../../src/rest-bridge/route-table";
import { startTestApp, mailedResetToken, type TestApp } from "../helpers/app";
import { addMember, createIssue, createProject, PASSWORD, registerWorkspace, type SignedIn } from "../helpers/factories";
import { eventually } from "../helpers/live";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";

const committed = JSON.parse(readFileSync(new URL("../../openapi.json", import.meta.url), "utf8"));

describe("the OpenAPI document", () => {
  it("is what openapi.json holds (run npm run openapi:emit after changing a route or a type)", async () => {
    expect(restApiDocument(await buildContractSchema())).toEqual(committed);
  });

  it("documents every query parameter a route reads", async () => {
    const routes = compileRoutes(await buildContractSchema(), routeTable);
    for (const route of routes) {
      const read = new Set<string>();
      const query = new Proxy({}, { get: (_target, key) => (typeof key === "string" && read.add(key), undefined) });
      try {
        route.variables?.({ params: { id: "00000000-0000-4000-8000-000000000000" }, query, body: {} });
      } catch {
        // An empty body may be refused; the parameters read before that count.
      }
      const documented = new Set((route.query ?? []).map((parameter) => parameter.name));
      expect([...read].filter((name) => !documented.has(name)), `${route.method} ${route.path}`).toEqual([]);
    }
  });
});

describe("every route answers as the document says", () => {
  let app: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  let receiver: Receiver;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(committed, "openapi.json");
  const covered = new Set<string>();

  beforeAll(async () => {
    app = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
    admin = await registerWorkspace(app);
    member = await addMember(app, admin);
    receiver = await startReceiver();
  }, 60_000);

  afterAll(async () => {
    await receiver.close();
    await app.stop();
  });

  const pointer = (...parts: string[]) => parts.map((part) => encodeURIComponent(part.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

  /** Sends a request to a documented operation and checks the answer against the document's schema for its status. */
  async function call(method: string, template: string, values: Record<string, string>, options: { body?: unknown; token?: string | null; expect?: number } = {}) {
    const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => values[name]!);
    const response = await app.rest(method, `/api/v1${path}`, { body: options.body, token: options.token === null ? undefined : (options.token ?? admin.token) });
    const operation = committed.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is documented`).toBeDefined();
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(options.expect ?? Number(Object.keys(operation.responses)[0]));
    expect(Object.keys(operation.responses), `${method} ${template} documents ${response.status}`).toContain(String(response.status));
    const content = operation.responses[String(response.status)].content;
    if (content) {
      const validate = ajv.getSchema(`openapi.json#/${pointer("paths", template, method.toLowerCase(), "responses", String(response.status), "content", "application/json", "schema")}`)!;
      expect(validate(response.body) ? [] : validate.errors, `${method} ${path}`).toEqual([]);
    } else {
      expect(response.body).toBeNull();
    }
    covered.add(`${method} ${template}`);
    return response.body?.data;
  }

  it("serves the document it commits", async () => {
    const served = await app.rest("GET", "/api/v1/openapi.json");
    expect(served.status).toBe(200);
    expect(served.body).toEqual(committed);
  });

  it("answers each documented operation with a body its schema accepts", async () => {
    await call("POST", "/auth/register", {}, { token: null, body: { email: "doc-user@example.com", password: PASSWORD, name: "Doc User" } });
    const signedIn = await call("POST", "/auth/login", {}, { token: null, body: { email: "doc-user@example.com", password: PASSWORD } });
    await call("POST", "/auth/refresh", {}, { token: null, body: { refresh_token: signedIn.refresh_token } });
    await call("POST", "/auth/forgot-password", {}, { token: null, body: { email: "doc-user@example.com" } });
    const token = await mailedResetToken(app, "doc-user@example.com");
    await call("POST", "/auth/reset-password", {}, { token: null, body: { token, password: `${PASSWORD}2` } });
    const again = await call("POST", "/auth/login", {}, { token: null, body: { email: "doc-user@example.com", password: `${PASSWORD}2` } });
    await call("POST", "/auth/logout", {}, { token: again.access_token });

    const ids: Record<string, string> = {};
    await call("GET", "/users", {});
    const user = await call("POST", "/users", {}, { body: { email: "doc-new@example.com", username: "doc_new", password: PASSWORD, first_name: "Doc", last_name: "New" } });
    ids.id = user.id;
    await call("GET", "/users/{id}", ids);
    await call("PUT", "/users/{id}", ids, { body: { first_name: "Docs" } });
    await call("PATCH", "/users/{id}", ids, { body: { last_name: "Newer" } });

    await call("GET", "/projects", {});
    const project = await call("POST", "/projects", {}, { body: { key: "DOC", name: "Documented", project_type: "software" } });
    const project2 = await createProject(app, admin);
    ids.id = project.id;
    await call("GET", "/projects/{id}", ids);
    await call("PUT", "/projects/{id}", ids, { body: { description: "Described" } });
    await call("PATCH", "/projects/{id}", ids, { body: { name: "Documented project" } });
    await call("POST", "/projects/{id}/members", ids, { body: { user_id: member.user.id, role: "member" } });
    await call("GET", "/projects/{id}/members", ids);
    ids.user_id = member.user.id;
    await call("PUT", "/projects/{id}/members/{user_id}", ids, { body: { role: "admin" } });
    await call("PATCH", "/projects/{id}/members/{user_id}", ids, { body: { role: "member" } });
    await call("DELETE", "/projects/{id}/members/{user_id}", ids);

    const issue = await call("POST", "/issues", {}, { body: { project_id: project.id, summary: "Documented issue", issue_type: "Bug" } });
    const other = await createIssue(app, admin, project.id);
    await call("GET", "/issues", {});
    ids.id = issue.id;
    await call("GET", "/issues/{id}", ids);
    await call("PUT", "/issues/{id}", ids, { body: { status: "In Progress" } });
    await call("PATCH", "/issues/{id}", ids, { body: { priority: "High" } });
    const link = await call("POST", "/issues/{id}/links", ids, { body: { type: "blocks", issue_id: other.id } });
    ids.link_id = link.id;
    await call("DELETE", "/issues/{id}/links/{link_id}", ids);
    await call("GET", "/issues/{id}/history", ids);
    const comment = await call("POST", "/issues/{id}/comments", ids, { body: { content: "Documented" } });
    ids.comment_id = comment.id;
    await call("GET", "/issues/{id}/comments", ids);
    await call("PUT", "/issues/{id}/comments/{comment_id}", ids, { body: { content: "Documented again" } });
    await call("PATCH", "/issues/{id}/comments/{comment_id}", ids, { body: { content: "Documented thrice" } });
    await call("DELETE", "/issues/{id}/comments/{comment_id}", ids);

    const hook = await call("POST", "/webhooks", {}, { body: { url: receiver.url, events: ["issue.created"] } });
    ids.id = hook.id;
    await call("GET", "/webhooks", {});
    await call("GET", "/webhooks/{id}", ids);
    await call("PUT", "/webhooks/{id}", ids, { body: { events: ["issue.created", "issue.updated"] } });
    await call("PATCH", "/webhooks/{id}", ids, { body: { active: true } });
    const ping = await call("POST", "/webhooks/{id}/ping", ids);
    await eventually(() => receiver.received.length >= 1, 5000, "the ping");
    await eventually(async () => (await app.rest("GET", `/api/v1/webhooks/${hook.id}/deliveries`, { token: admin.token })).body.data[0]?.status === "succeeded");
    await call("GET", "/webhooks/{id}/deliveries", ids);
    ids.delivery_id = ping.id;
    await call("POST", "/webhooks/{id}/deliveries/{delivery_id}/redeliver", ids);
    await call("POST", "/webhooks/{id}/rotate-secret", ids, { body: {} });
    await call("DELETE", "/webhooks/{id}", ids);

    await call("GET", "/workflows", {});
    const workflow = await call("POST", "/workflows", {}, {
      body: {
        name: "Documented",
        project_id: project.id,
        issue_types: ["Story"],
        states: [{ name: "Open", type: "initial" }, { name: "Done", type: "final" }],
        transitions: [{ name: "Finish", from_state: "Open", to_state: "Done", validators: [{ type: "comment_required" }] }],
      },
    });
    ids.id = workflow.id;
    await call("GET", "/workflows/{id}", ids);
    await call("PUT", "/workflows/{id}", ids, { body: { description: "Described" } });
    await call("PATCH", "/workflows/{id}", ids, { body: { name: "Documented workflow" } });
    const story = await createIssue(app, admin, project.id, { issue_type: "Story" });
    await call("GET", "/issues/{id}/transitions", { id: story.id });
    await call("POST", "/workflows/{id}/execute", ids, { body: { issue_id: story.id, transition_id: workflow.transitions[0].id, comment: "Done" } });
    await call("DELETE", "/workflows/{id}", ids);

    await call("POST", "/admin/test-data/seed", {}, { body: { projects: 1, issues_per_project: 2 } });
    await call("POST", "/admin/test-data/reset", {});

    await call("DELETE", "/issues/{id}", { id: other.id });
    await call("DELETE", "/projects/{id}", { id: project2.id });

    const documented = Object.entries(committed.paths).flatMap(([path, operations]) => Object.keys(operations as object).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.filter((operation) => !covered.has(operation))).toEqual([]);
  }, 60_000);

  it("answers errors in the documented envelope", async () => {
    await call("GET", "/issues/{id}", { id: "00000000-0000-4000-8000-000000000000" }, { expect: 404 });
    await call("POST", "/projects", {}, { body: { key: "e", name: 123 }, expect: 400 });
    await call("GET", "/users", {}, { token: null, expect: 401 });
    await call("GET", "/users", {}, { token: member.token, expect: 403 });
    const issue = await createIssue(app, admin, (await createProject(app, admin)).id);
    await call("PUT", "/issues/{id}", { id: issue.id }, { body: { status: "Nowhere" }, expect: 400 });
    const workflows = await app.rest("GET", "/api/v1/workflows", { token: admin.token });
    const [workflow] = workflows.body.data;
    await call("POST", "/workflows/{id}/execute", { id: workflow.id }, { body: { issue_id: issue.id, transition_id: "00000000-0000-4000-8000-000000000000" }, expect: 422 });
  });
});
