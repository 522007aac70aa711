import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_OPERATION_NAMES } from "../../src/http/graphql-metrics";
import { startTestApp, type TestApp } from "../helpers/app";
import { createIssue, createProject, registerWorkspace, type SignedIn } from "../helpers/factories";
import { connect, eventually, subscribe } from "../helpers/live";

const PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  /** The value of the sample `name` whose labels include `labels`, or undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every label set of `name`'s samples. */
  labelSets(name: string): Record<string, string>[];
}

async function scrape(target: TestApp, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${target.url}/metrics`, { headers });
  const text = await response.text();
  const samples = text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [, name, labelText = "", value] = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, val]) => [key!, val!]));
      return { name: name!, labels, value: Number(value) };
    });
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, val]) => sample.labels[key] === val));
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text,
    value: (name, labels = {}) => matching(name, labels)[0]?.value,
    labelSets: (name) => matching(name, {}).map((sample) => sample.labels),
  };
}

describe("GET /metrics", () => {
  let app: TestApp;
  let owner: SignedIn;
  let project: { id: string };
  let issue: { id: string };
  beforeAll(async () => {
    app = await startTestApp();
    owner = await registerWorkspace(app);
    project = await createProject(app, owner);
    issue = await createIssue(app, owner, project.id);
  });
  afterAll(() => app.stop());

  it("answers in the Prometheus text format, with process defaults, without a token when none is configured", async () => {
    const metrics = await scrape(app);
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toBe(PROMETHEUS_TEXT);
    expect(metrics.value("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(metrics.value("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(metrics.text).toContain("# TYPE rate_limit_rejections_total counter");
  });

  it("counts and times REST requests by route template, never by id", async () => {
    const found = await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: owner.token });
    expect(found.status).toBe(200);
    const missingId = randomUUID();
    const missing = await app.rest("GET", `/api/v1/issues/${missingId}`, { token: owner.token });
    expect(missing.status).toBe(404);
    const unknownPath = `/api/v1/nowhere/${randomUUID()}`;
    expect((await app.rest("GET", unknownPath)).status).toBe(404);

    const metrics = await scrape(app);
    const route = "/api/v1/issues/:id";
    expect(metrics.value("http_requests_total", { method: "GET", route, status: "200" })).toBeGreaterThanOrEqual(1);
    // The 404 comes from the route's handler and reaches the app's error handler outside the /api/v1 router.
    expect(metrics.value("http_requests_total", { method: "GET", route, status: "404" })).toBe(1);
    expect(metrics.value("http_requests_total", { method: "GET", route: "unmatched", status: "404" })).toBeGreaterThanOrEqual(1);
    for (const text of [issue.id, missingId, unknownPath]) expect(metrics.text).not.toContain(text);

    const labels = { method: "GET", route, status: "404" };
    expect(metrics.value("http_request_duration_seconds_bucket", { ...labels, le: "+Inf" })).toBe(1);
    expect(metrics.value("http_request_duration_seconds_bucket", { ...labels, le: "0.005" })).toBeDefined();
    expect(metrics.value("http_request_duration_seconds_count", labels)).toBe(1);
    expect(metrics.value("http_request_duration_seconds_sum", labels)).toBeGreaterThan(0);
  });

  it("counts GraphQL operations by name and outcome", async () => {
    const found = await app.gql(`query IssueSummary($id: ID!) { issue(id: $id) { key } }`, { id: issue.id }, owner.token);
    expect(found.body.errors).toBeUndefined();
    const missing = await app.gql(`query MissingIssue($id: ID!) { issue(id: $id) { key } }`, { id: randomUUID() }, owner.token);
    expect(missing.body.errors[0].extensions.code).toBe("RESOURCE_NOT_FOUND");
    const invalid = await app.gql(`query NoSuchField { nope }`, {}, owner.token);
    expect(invalid.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const anonymousBefore = (await scrape(app)).value("graphql_operations_total", { operation: "anonymous", outcome: "success" }) ?? 0;
    await app.gql(`{ __typename }`);
    await app.gql(`query ${"A".repeat(65)} { __typename }`);

    const metrics = await scrape(app);
    const count = (operation: string, outcome: string) => metrics.value("graphql_operations_total", { operation, outcome });
    expect(count("IssueSummary", "success")).toBe(1);
    expect(count("IssueSummary", "error")).toBeUndefined();
    expect(count("MissingIssue", "error")).toBe(1);
    expect(count("NoSuchField", "error")).toBe(1);
    expect(count("anonymous", "success")).toBe(anonymousBefore + 1);
    expect(count("other", "success")).toBe(1);
    expect(metrics.value("http_requests_total", { method: "POST", route: "/api/v1/graphql", status: "200" })).toBeGreaterThanOrEqual(4);
  });

  it("gauges open subscription sockets", async () => {
    const open = async () => (await scrape(app)).value("websocket_connections_open");
    expect(await open()).toBe(0);
    const live = connect(app.url, owner.token);
    try {
      subscribe(live, `subscription($p: ID!) { issueUpdated(projectId: $p) { id } }`, { p: project.id });
      await eventually(() => app.server.sockets.size === 1, 5000, "the socket to be accepted");
      expect(await open()).toBe(1);
    } finally {
      await live.dispose();
    }
    await eventually(() => app.server.sockets.size === 0, 5000, "the socket to close");
    expect(await open()).toBe(0);
  });

  it("reports what the database handle knows: statements sent and the pool size", async () => {
    const before = (await scrape(app)).value("db_statements_total")!;
    await app.rest("GET", `/api/v1/issues/${issue.id}`, { token: owner.token });
    const metrics = await scrape(app);
    expect(metrics.value("db_statements_total")).toBeGreaterThan(before);
    const driver = app.databaseUrl ? "postgres" : "pglite";
    // startTestApp sets DATABASE_POOL_MAX=5 on PostgreSQL; PGlite has one in-process connection.
    expect(metrics.value("db_pool_max_connections", { driver })).toBe(app.databaseUrl ? 5 : 1);
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  const token = "metrics-token-0123456789abcdef";
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => app.stop());

  it("answers 401 in the error envelope without the right bearer token", async () => {
    for (const authorization of [undefined, `Bearer ${token.slice(0, -1)}x`, `Bearer ${token}x`, `Bearer short`, `Basic ${token}`, token]) {
      const response = await app.rest("GET", "/metrics", { headers: authorization ? { authorization } : {} });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(response.body).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" }, meta: { request_id: expect.any(String) } });
    }
  });

  it("answers 200 with the right token, and never logs it", async () => {
    const metrics = await scrape(app, { authorization: `Bearer ${token}` });
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toBe(PROMETHEUS_TEXT);
    expect(metrics.value("http_requests_total", { route: "/metrics", status: "401" })).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(app.logs)).not.toContain(token);
  });
});

describe("GraphQL operation label cardinality", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it(`reports at most ${MAX_OPERATION_NAMES} distinct names; newer ones count as other`, async () => {
    const extra = 10;
    for (let batch = 0; batch < MAX_OPERATION_NAMES + extra; batch += extra) {
      await Promise.all(Array.from({ length: extra }, (_, offset) => app.gql(`query Op${batch + offset} { __typename }`)));
    }
    const metrics = await scrape(app);
    const names = metrics.labelSets("graphql_operations_total").map((labels) => labels.operation);
    expect(names.filter((name) => name !== "other")).toHaveLength(MAX_OPERATION_NAMES);
    expect(metrics.value("graphql_operations_total", { operation: "other", outcome: "success" })).toBe(extra);
    expect(await app.gql(`query Op0 { __typename }`)).toMatchObject({ status: 200 });
    expect((await scrape(app)).value("graphql_operations_total", { operation: "Op0", outcome: "success" })).toBe(2);
  });
});
