import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { single } from "../../src/rest-bridge/mapping";
import type { RestRoute } from "../../src/rest-bridge/route";
import { startTestApp, type TestApp } from "../helpers/app";
import { registerWorkspace, type SignedIn } from "../helpers/factories";

/** A route of a test table, marked deprecated as a real one would be before its removal. */
const legacyMe: RestRoute = {
  method: "GET",
  path: "/legacy/me",
  operation: "query LegacyMe { me { id username } }",
  respond: single("me"),
  deprecated: {
    since: new Date("2026-01-01T00:00:00Z"),
    sunset: new Date("2027-01-01T00:00:00Z"),
    successor: "/api/v2/me",
    latestVersion: "v2",
    migrationGuide: "https://docs.example.com/api/v2/migration",
  },
};

let app: TestApp;
let owner: SignedIn;
beforeAll(async () => {
  app = await startTestApp({}, { extraRoutes: [legacyMe] });
  owner = await registerWorkspace(app);
});
afterAll(() => app.stop());

describe("versions", () => {
  it("name the version and the supported ones on every response", async () => {
    for (const path of ["/health", `/api/v1/users/${owner.user.id}`, "/api/v1/nowhere"]) {
      const response = await app.rest("GET", path, { token: owner.token });
      expect(response.headers.get("api-version")).toBe("v1");
      expect(response.headers.get("api-supported-versions")).toBe("v1");
    }
  });

  it("honour the versioned vendor media type and refuse other versions with 406", async () => {
    const accepted = await app.rest("GET", `/api/v1/users/${owner.user.id}`, {
      token: owner.token,
      headers: { accept: "application/vnd.projectmanager.v1+json" },
    });
    expect(accepted.status).toBe(200);
    const refused = await app.rest("GET", `/api/v1/users/${owner.user.id}`, {
      token: owner.token,
      headers: { accept: "application/vnd.projectmanager.v2+json" },
    });
    expect(refused.status).toBe(406);
    expect(refused.body).toMatchObject({
      success: false,
      error: { code: "UNSUPPORTED_API_VERSION", details: { requested_versions: ["v2"], supported_versions: ["v1"] } },
    });
    const either = await app.rest("GET", "/health", { headers: { accept: "application/vnd.projectmanager.v2+json, application/vnd.projectmanager.v1+json" } });
    expect(either.status).toBe(200);
    const graphql = await fetch(`${app.url}/api/v1/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/vnd.projectmanager.v3+json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(graphql.status).toBe(406);
    expect(((await graphql.json()) as any).errors[0].extensions.code).toBe("UNSUPPORTED_API_VERSION");
  });
});

describe("a deprecated route", () => {
  it("announces its deprecation, sunset and successor, and carries the migration block", async () => {
    const response = await app.rest("GET", "/api/v1/legacy/me", { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("deprecation")).toBe(`@${Date.parse("2026-01-01T00:00:00Z") / 1000}`);
    expect(response.headers.get("sunset")).toBe("Fri, 01 Jan 2027 00:00:00 GMT");
    expect(response.headers.get("link")).toBe('</api/v2/me>; rel="successor-version"');
    expect(response.body).toMatchObject({
      success: true,
      data: { id: owner.user.id },
      migration: {
        current_version: "v1",
        latest_version: "v2",
        migration_guide: "https://docs.example.com/api/v2/migration",
        deprecation_date: "2027-01-01T00:00:00.000Z",
      },
    });
  });

  it("leaves other routes unmarked", async () => {
    const response = await app.rest("GET", `/api/v1/users/${owner.user.id}`, { token: owner.token });
    expect(response.headers.get("deprecation")).toBeNull();
    expect(response.body.migration).toBeUndefined();
  });
});

describe("deprecated GraphQL fields", () => {
  it("are listed in extensions.deprecations of responses that use them", async () => {
    const { ApolloServer } = await import("@apollo/server");
    const { buildSchema } = await import("graphql");
    const { reportDeprecations } = await import("../../src/http/deprecations");
    const schema = buildSchema(`type Query { user: User }
      type User { id: ID! fullName: String @deprecated(reason: "Use displayName.") displayName: String }`);
    const server = new ApolloServer({ schema, plugins: [reportDeprecations], rootValue: { user: { id: "1", fullName: "A B", displayName: "A B" } } } as any);
    await server.start();
    try {
      const used = await server.executeOperation({ query: "{ user { id fullName displayName } }" });
      expect(used.body.kind === "single" && used.body.singleResult.extensions).toEqual({
        deprecations: [{ field: "User.fullName", reason: "Use displayName." }],
      });
      const clean = await server.executeOperation({ query: "{ user { id displayName } }" });
      expect(clean.body.kind === "single" && clean.body.singleResult.extensions).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
