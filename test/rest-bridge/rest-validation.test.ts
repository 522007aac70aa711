import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { createProject, registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
let owner: SignedIn;

beforeAll(async () => {
  app = await startTestApp();
  owner = await registerWorkspace(app);
});
afterAll(() => app.stop());

/** Seed 001 §11.2 validation codes. */
const FIELD_CODES = ["REQUIRED_FIELD_MISSING", "INVALID_FORMAT", "VALUE_TOO_LONG", "VALUE_TOO_SHORT", "INVALID_ENUM_VALUE"];
/** Words a REST caller should never have to read. */
const GRAPHQL_WORDS = /\bString\b|\bInt\b|\bFloat\b|\bBoolean\b|\bID\b|non string|non-integer|Variable|\$input|GraphQL|cannot represent|type "|\bInput\b/;

interface Detail {
  field: string;
  code: string;
  message: string;
}

/** Asserts a 400 VALIDATION_ERROR in REST terms and returns its details by field. */
function restDetails(response: { status: number; body: any }): Map<string, Detail[]> {
  expect(response.status).toBe(400);
  expect(response.body.error).toMatchObject({ code: "VALIDATION_ERROR", message: "Request validation failed" });
  const details = response.body.error.details as Detail[];
  const byField = new Map<string, Detail[]>();
  for (const detail of details) {
    expect(detail.field).toMatch(/^[a-z0-9_.]+$/);
    expect(FIELD_CODES).toContain(detail.code);
    expect(detail.message).not.toMatch(GRAPHQL_WORDS);
    byField.set(detail.field, [...(byField.get(detail.field) ?? []), detail]);
  }
  return byField;
}

const codesOf = (details: Detail[] | undefined) => details?.map((detail) => detail.code);

describe("REST validation errors", () => {
  it("reports a mistyped field together with the service's problems in the other fields", async () => {
    const response = await app.rest("POST", "/api/v1/projects", { token: owner.token, body: { key: "e", name: 123, project_type: "nope" } });
    const byField = restDetails(response);
    expect([...byField.keys()].sort()).toEqual(["key", "name", "project_type"]);
    expect(byField.get("name")).toEqual([{ field: "name", code: "INVALID_FORMAT", message: "name must be a string" }]);
    // "e" is both too short and not upper case: the service names each rule it breaks.
    expect(codesOf(byField.get("key"))).toContain("VALUE_TOO_SHORT");
    expect(codesOf(byField.get("project_type"))).toEqual(["INVALID_ENUM_VALUE"]);
  });

  it("reports every typing problem at once, each in JSON words", async () => {
    const response = await app.rest("POST", "/api/v1/projects", {
      token: owner.token,
      body: { key: 5, name: true, description: { text: "x" }, lead_id: 7.5, colour: "red" },
    });
    const byField = restDetails(response);
    expect(Object.fromEntries([...byField].map(([field, details]) => [field, details.map((detail) => detail.message)]))).toEqual({
      key: ["key must be a string"],
      name: ["name must be a string"],
      description: ["description must be a string"],
      lead_id: ["lead_id must be a string"],
      colour: ["colour is not a known field"],
    });
  });

  it("names problems inside nested inputs and lists by their REST path", async () => {
    const project = await createProject(app, owner);
    const response = await app.rest("PUT", `/api/v1/projects/${project.id}`, {
      token: owner.token,
      body: {
        name: 7,
        project_type: "nope",
        settings: {
          statuses: ["Open", 3],
          issue_types: [],
          custom_fields: [{ key: "story_points", name: "Points", required: "yes" }],
        },
      },
    });
    const byField = restDetails(response);
    expect(byField.get("name")?.[0]?.message).toBe("name must be a string");
    expect(byField.get("settings.statuses.1")).toEqual([
      { field: "settings.statuses.1", code: "INVALID_FORMAT", message: "settings.statuses.1 must be a string" },
    ]);
    expect(byField.get("settings.custom_fields.0.required")?.[0]).toMatchObject({
      code: "INVALID_FORMAT",
      message: "settings.custom_fields.0.required must be true or false",
    });
    expect(byField.get("settings.custom_fields.0.type")?.[0]).toMatchObject({
      code: "REQUIRED_FIELD_MISSING",
      message: "settings.custom_fields.0.type is required",
    });
    // The well-typed rest still goes through the service's rules, nested ones included.
    expect(codesOf(byField.get("settings.issue_types"))).toEqual(["VALUE_TOO_SHORT"]);
    expect(codesOf(byField.get("project_type"))).toEqual(["INVALID_ENUM_VALUE"]);
    expect(byField.size).toBe(6);
    const unchanged = await app.rest("GET", `/api/v1/projects/${project.id}`, { token: owner.token });
    expect(unchanged.body.data.name).toBe(project.name);
  });

  it("names an enum's values and a list item of the wrong type", async () => {
    const users = await app.rest("POST", "/api/v1/users", {
      token: owner.token,
      body: { email: "not-an-email", username: "list_item", password: "Sup3rsecret", first_name: "L", last_name: "I", roles: ["user", 7] },
    });
    const userFields = restDetails(users);
    expect(userFields.get("roles.1")?.[0]?.message).toBe("roles.1 must be a string");
    expect(codesOf(userFields.get("email"))).toEqual(["INVALID_FORMAT"]);

    const project = await createProject(app, owner);
    const member = await app.rest("POST", `/api/v1/projects/${project.id}/members`, { token: owner.token, body: { user_id: "nope", role: 3 } });
    const memberFields = restDetails(member);
    expect(memberFields.get("role")).toEqual([{ field: "role", code: "INVALID_ENUM_VALUE", message: "role must be one of: admin, member, viewer" }]);
    expect(codesOf(memberFields.get("user_id"))).toEqual(["INVALID_FORMAT"]);
    // The project id the route adds is not the caller's field and is not reported.
    expect([...memberFields.keys()].sort()).toEqual(["role", "user_id"]);
  });

  it("leaves GraphQL callers GraphQL's own variable errors", async () => {
    const response = await app.gql(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`,
      { input: { key: "e", name: 123, projectType: "nope" } },
      owner.token,
    );
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0].message).toMatch(/^Variable "\$input" got invalid value 123 at "input\.name"; String cannot represent a non string value/);
  });
});
