import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let owner: SignedIn;
beforeAll(async () => {
  app = await startTestApp({ BODY_LIMIT_BYTES: "2048" });
  owner = await registerWorkspace(app);
});
afterAll(() => app.stop());

describe("every response", () => {
  it("carries a request id that matches meta.request_id", async () => {
    const response = await app.rest("GET", `/api/v1/users/${owner.user.id}`, { token: owner.token });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.meta).toEqual({ timestamp: expect.any(String), version: "v1", request_id: id });
    expect(Date.parse(response.body.meta.timestamp)).not.toBeNaN();
  });

  it("echoes a sane client request id and replaces an unsafe one", async () => {
    const sane = await app.rest("GET", "/health", { headers: { "x-request-id": "client-abc.123_X" } });
    expect(sane.headers.get("x-request-id")).toBe("client-abc.123_X");
    for (const unsafe of ["has space", "a".repeat(129), "semi;colon"]) {
      const response = await app.rest("GET", "/health", { headers: { "x-request-id": unsafe } });
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("sends API-Version and security headers", async () => {
    const response = await app.rest("GET", "/api/v1/nowhere");
    expect(response.headers.get("api-version")).toBe("v1");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("logs one §18 line per request without the query string", async () => {
    await app.rest("GET", `/api/v1/users/${owner.user.id}?secret=shh`, { token: owner.token, headers: { "x-request-id": "log-check" } });
    const line = app.logs.find((entry) => entry.request_id === "log-check" && entry.msg === "request");
    expect(line).toMatchObject({
      method: "GET",
      path: `/api/v1/users/${owner.user.id}`,
      status: 200,
      duration_ms: expect.any(Number),
      user_id: owner.user.id,
      ip: expect.any(String),
      timestamp: expect.any(String),
    });
    expect(JSON.stringify(app.logs)).not.toContain("shh");
  });
});

describe("CORS", () => {
  it("allows localhost origins outside production and refuses others", async () => {
    const allowed = await app.rest("OPTIONS", "/api/v1/auth/login", {
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const refused = await app.rest("GET", "/health", { headers: { origin: "https://evil.example" } });
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("uses CORS_ORIGINS when set", async () => {
    const configured = await startTestApp({ CORS_ORIGINS: "https://app.example.com, https://admin.example.com" });
    try {
      const ok = await configured.rest("GET", "/health", { headers: { origin: "https://admin.example.com" } });
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://admin.example.com");
      const local = await configured.rest("GET", "/health", { headers: { origin: "http://localhost:3000" } });
      expect(local.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await configured.stop();
    }
  });
});

describe("REST error envelope", () => {
  it("answers an unknown route with 404 in the envelope", async () => {
    const response = await app.rest("GET", "/api/v1/nowhere");
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ success: false, error: { code: "RESOURCE_NOT_FOUND" }, meta: { version: "v1" } });
  });

  it("answers a known path with a wrong method with 405 and Allow", async () => {
    const response = await app.rest("DELETE", "/api/v1/auth/login");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    expect(response.body.error.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("answers malformed JSON with 400", async () => {
    const response = await app.rest("POST", "/api/v1/auth/login", { rawBody: '{"email":', headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "body", code: "INVALID_FORMAT" }] });
  });

  it("answers a body over the limit with 413", async () => {
    const response = await app.rest("POST", "/api/v1/auth/login", { body: { email: "a@b.co", password: "x".repeat(4096) } });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers a non-JSON body with 415", async () => {
    const response = await app.rest("POST", "/api/v1/auth/login", { rawBody: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("accepts the versioned vendor media type as JSON", async () => {
    const response = await app.rest("POST", "/api/v1/auth/login", {
      body: { email: owner.email, password: owner.password },
      headers: { "content-type": "application/vnd.projectmanager.v1+json" },
    });
    expect(response.status).toBe(200);
  });
});

describe("hostile input", () => {
  it("refuses NUL characters with 400 through both doors instead of failing in the database", async () => {
    const register = await app.rest("POST", "/api/v1/auth/register", {
      body: { email: "nul@example.com", password: "Passw0rdX", username: "nul_user", first_name: "N", last_name: "L\u0000", tenant_name: "T" },
    });
    expect(register.status).toBe(400);
    expect(register.body.error.details[0]).toMatchObject({ field: "last_name", code: "INVALID_FORMAT" });
    const login = await app.rest("POST", "/api/v1/auth/login", { body: { email: "a\u0000@b.co", password: "x" } });
    expect(login.status).toBe(400);
    const search = await app.rest("GET", "/api/v1/users?search=%00", { token: owner.token });
    expect(search.status).toBe(400);
    expect(search.body.error.details[0].field).toBe("search");
    const gql = await app.gql(`query($s: String) { users(search: $s) { totalCount } }`, { s: "\u0000" }, owner.token);
    expect(gql.body.errors[0].extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "search" }] });
  });

  it("answers an undecodable path escape with 400", async () => {
    const response = await app.rest("GET", "/api/v1/users/%E0%A4%A", { token: owner.token });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("refuses bodies nested deep enough to exhaust the stack with 400", async () => {
    const roomy = await startTestApp();
    try {
      const nested = `{"email":${"[".repeat(200_000)}${"]".repeat(200_000)},"password":"x"}`;
      const response = await roomy.rest("POST", "/api/v1/auth/login", { rawBody: nested, headers: { "content-type": "application/json" } });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0]).toMatchObject({ field: "body", message: "Request body is nested too deeply" });
    } finally {
      await roomy.stop();
    }
  });
});

describe("health", () => {
  it("answers /health and /health/detailed with the database round trip", async () => {
    const basic = await app.rest("GET", "/health");
    expect(basic.status).toBe(200);
    expect(basic.body).toEqual({ status: "ok", timestamp: expect.any(String) });
    const detailed = await app.rest("GET", "/health/detailed");
    expect(detailed.status).toBe(200);
    expect(detailed.body.checks.database).toEqual({ status: "ok", driver: expect.stringMatching(/pglite|postgres/), latency_ms: expect.any(Number) });
    expect(detailed.body.event_loop).toEqual({ delay_p50_ms: expect.any(Number), delay_p99_ms: expect.any(Number), delay_max_ms: expect.any(Number) });
  });
});

describe("GraphQL endpoint", () => {
  it("blocks CSRF-able GET requests without a preflight header", async () => {
    const response = await fetch(`${app.url}/api/v1/graphql?query=${encodeURIComponent("{ __typename }")}`);
    expect(response.status).toBe(400);
    const allowed = await fetch(`${app.url}/api/v1/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(allowed.status).toBe(200);
  });

  it("gives every error a code, including GraphQL's own", async () => {
    const invalid = await app.gql("{ nope }");
    expect(invalid.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const syntax = await app.gql("{ me ");
    expect(syntax.body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    const badInput = await app.gql("mutation($i: LoginInput!) { login(input: $i) { accessToken } }", { i: { email: 1 } });
    expect(badInput.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("runs no operation under a name the document does not hold, over POST or GET", async () => {
    const post = (body: Record<string, unknown>) =>
      fetch(`${app.url}/api/v1/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${owner.token}` },
        body: JSON.stringify(body),
      });
    const projects = async () => (await app.gql("{ projects { totalCount } }", {}, owner.token)).body.data.projects.totalCount;
    const before = await projects();
    const create = `mutation Create { createProject(input: { key: "OPNAME", name: "Named", projectType: "software" }) { project { id } } }`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const wrongName = await post({ query: create, operationName: "Other" });
      expect(((await wrongName.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('Unknown operation named "Other".');
    }
    // A mutation over GET is refused whatever the name, since GET may not change anything.
    const query = encodeURIComponent(create);
    for (const name of ["Create", "Other"]) {
      const viaGet = await fetch(`${app.url}/api/v1/graphql?query=${query}&operationName=${name}`, {
        headers: { authorization: `Bearer ${owner.token}`, "apollo-require-preflight": "true" },
      });
      expect(viaGet.status).toBeGreaterThanOrEqual(400);
    }
    expect(await projects()).toBe(before);
  });

  it("sends a browser opening the endpoint to the local GraphiQL, which loads nothing from elsewhere", async () => {
    const response = await fetch(`${app.url}/api/v1/graphql`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/graphiql");
    const html = await (await fetch(`${app.url}/graphiql`)).text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, source]) => source!);
    expect(sources.length).toBe(6);
    for (const source of sources) {
      expect(source.startsWith("/graphiql/"), source).toBe(true);
      const asset = await fetch(`${app.url}${source}`);
      expect(asset.status, source).toBe(200);
      await asset.arrayBuffer();
    }
    expect(await (await fetch(`${app.url}/graphiql/start.js`)).text()).toContain('url: "/api/v1/graphql"');
  });

  it("allows introspection outside production", async () => {
    const response = await app.gql("{ __schema { queryType { name } } }");
    expect(response.body.data.__schema.queryType.name).toBe("Query");
  });
});

describe("unexpected failures", () => {
  it("answer 500 INTERNAL_SERVER_ERROR without internals and log with the request id", async () => {
    const broken = await startTestApp();
    try {
      const user = await registerWorkspace(broken);
      await broken.server.database.close();
      const rest = await broken.rest("GET", `/api/v1/users/${user.user.id}`, { token: user.token, headers: { "x-request-id": "boom-1" } });
      expect(rest.status).toBe(500);
      expect(rest.body.error).toEqual({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error occurred" });
      expect(broken.logs.some((line) => line.request_id === "boom-1" && line.level === "error")).toBe(true);

      const health = await broken.rest("GET", "/health/detailed");
      expect(health.status).toBe(503);
      expect(health.body.checks.database.status).toBe("unavailable");
    } finally {
      await broken.stop().catch(() => {});
    }
  });
});

describe("production mode", () => {
  it("hides introspection, and masks internal errors without stack traces", async () => {
    const production = await startTestApp({ NODE_ENV: "production" });
    try {
      const introspection = await production.gql("{ __schema { queryType { name } } }");
      expect(introspection.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
      const typo = await production.gql("{ mee { id } }");
      expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
      await production.server.database.close();
      const failure = await production.gql(`mutation { login(input: { email: "a@b.co", password: "x" }) { accessToken } }`);
      expect(failure.body.errors[0]).toMatchObject({ message: "Internal server error occurred", extensions: { code: "INTERNAL_SERVER_ERROR" } });
      expect(failure.body.errors[0].extensions.stacktrace).toBeUndefined();
      expect(JSON.stringify(failure.body)).not.toMatch(/pglite|postgres|select/i);
    } finally {
      await production.stop().catch(() => {});
    }
  });
});

describe("query depth", () => {
  it("lets the standard introspection query through outside production but not data hidden behind __schema fragments", async () => {
    const { getIntrospectionQuery } = await import("graphql");
    const introspection = await app.gql(getIntrospectionQuery());
    expect(introspection.body.errors).toBeUndefined();
    const deep = `query { issues { nodes { project { issues { nodes { project { ...__schema } } } } } } }
      fragment __schema on Project { issues { nodes { project { issues { nodes { id } } } } } }`;
    const blocked = await app.gql(deep, {}, owner.token);
    expect(blocked.body.errors[0].message).toMatch(/Query depth limit of 10 exceeded/);
  });
});
