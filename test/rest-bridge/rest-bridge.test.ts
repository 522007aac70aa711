import { isInputObjectType, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { camelKeys, snakeKeys } from "../../src/rest-bridge/case";
import { buildExecutableSchema } from "../../src/graphql/build-schema";
import { variableErrors } from "../../src/rest-bridge/coerce-variables";
import { inputRules } from "../../src/graphql/input-rules";
import { compileRoutes } from "../../src/rest-bridge/compile";
import { routeTable } from "../../src/rest-bridge/route-table";
import { single } from "../../src/rest-bridge/mapping";

const schema = await buildExecutableSchema();

describe("route table", () => {
  it("compiles every documented route against the schema", () => {
    expect(compileRoutes(schema, routeTable)).toHaveLength(routeTable.length);
  });

  it("refuses to start with an operation the schema does not accept", () => {
    const broken = [
      { method: "GET" as const, path: "/broken", operation: "query { me { noSuchField } }", respond: single("me") },
      { method: "GET" as const, path: "/unparsable", operation: "query {", respond: single("me") },
    ];
    expect(() => compileRoutes(schema, [...routeTable, ...broken])).toThrow(/GET \/broken:.*noSuchField[\s\S]*GET \/unparsable/);
  });

  it("refuses a response path its operation does not select, which ?fields= would rely on", () => {
    const astray = { method: "GET" as const, path: "/astray", operation: "query { me { id } }", respond: single("me.profile") };
    expect(() => compileRoutes(schema, [astray])).toThrow(/GET \/astray: the operation selects nothing at me\.profile/);
  });

  it("knows which fields each GET returns, in REST spelling", () => {
    const compiled = compileRoutes(schema, routeTable);
    const fieldsOf = (path: string) => compiled.find((route) => route.method === "GET" && route.path === path)!.selectableFields;
    expect([...fieldsOf("/issues/:id")]).toEqual(expect.arrayContaining(["id", "key", "issue_type", "custom_fields", "links"]));
    expect([...fieldsOf("/issues")]).toEqual(expect.arrayContaining(["id", "key", "created_at"]));
    expect([...fieldsOf("/issues")]).not.toContain("total_count");
    expect([...fieldsOf("/projects/:id/members")].sort()).toEqual(["joined_at", "role", "user"]);
  });

  it("refuses documents with more than one operation", () => {
    const twice = { method: "GET" as const, path: "/twice", operation: "query A { me { id } } query B { me { id } }", respond: single("me") };
    expect(() => compileRoutes(schema, [twice])).toThrow(/exactly one operation/);
  });
});

describe("variable errors", () => {
  const operation = parse(`mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`)
    .definitions[0] as OperationDefinitionNode;

  it("names missing, unknown, null and mistyped fields by path", () => {
    const problems = variableErrors(schema, operation, {
      input: { email: 5, username: null, password: "x", lastName: "L", roles: ["user", 7], extra: true },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "email", code: "INVALID_FORMAT" }),
        expect.objectContaining({ field: "username", code: "REQUIRED_FIELD_MISSING" }),
        expect.objectContaining({ field: "firstName", code: "REQUIRED_FIELD_MISSING" }),
        expect.objectContaining({ field: "roles.1", code: "INVALID_FORMAT" }),
        expect.objectContaining({ field: "extra", code: "INVALID_FORMAT" }),
      ]),
    );
  });

  it("finds nothing wrong with a valid input", () => {
    const input = { email: "a@b.co", username: "abc", password: "Passw0rdX", firstName: "A", lastName: "B" };
    expect(variableErrors(schema, operation, { input })).toEqual([]);
  });

  it("leaves the service's rules to the service when the input is well typed", () => {
    const input = { email: "not-an-email", username: "abc", password: "Passw0rdX", firstName: "A", lastName: "B" };
    expect(variableErrors(schema, operation, { input }, inputRules)).toEqual([]);
  });

  it("adds the service's problems among the well-typed fields to the typing problems", () => {
    const input = { email: "not-an-email", username: 5, password: "weak", firstName: "A", lastName: "B" };
    const fields = new Set(variableErrors(schema, operation, { input }, inputRules).map((problem) => problem.field));
    expect([...fields].sort()).toEqual(["email", "password", "username"]);
  });

  it("keys every service rule by an input type of the schema", () => {
    for (const name of Object.keys(inputRules)) expect(isInputObjectType(schema.getType(name)), name).toBe(true);
  });
});

describe("key spelling", () => {
  it("renames nested keys both ways, leaving custom field keys and values alone", () => {
    const rest = { project_id: "p", custom_fields: { story_points: 3 }, links: [{ link_type: "blocks" }] };
    const graphql = { projectId: "p", customFields: { story_points: 3 }, links: [{ linkType: "blocks" }] };
    expect(camelKeys(rest)).toEqual(graphql);
    expect(snakeKeys(graphql)).toEqual(rest);
  });

  it("keeps a __proto__ key of a body as a key instead of replacing the prototype", () => {
    for (const rename of [camelKeys, snakeKeys]) {
      const renamed = rename(JSON.parse('{"__proto__": {"is_admin": true}, "summary": "x"}')) as Record<string, unknown>;
      expect(Object.getPrototypeOf(renamed)).toBe(Object.prototype);
      expect(renamed).not.toHaveProperty("is_admin");
      expect(renamed).not.toHaveProperty("isAdmin");
      expect(Object.keys(renamed)).toHaveLength(2);
    }
    expect(Object.getOwnPropertyDescriptor(snakeKeys(JSON.parse('{"__proto__": {"a": 1}}')), "__proto__")?.value).toEqual({ a: 1 });
  });
});
