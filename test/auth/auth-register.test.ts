import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { PASSWORD, registerWorkspace } from "../helpers/factories";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const valid = (suffix: string) => ({
  email: `reg-${suffix}@example.com`,
  password: PASSWORD,
  username: `reg_${suffix}`,
  first_name: "Rita",
  last_name: "Register",
});

const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) { accessToken refreshToken expiresIn tokenType user { id email username firstName lastName displayName roles avatarUrl } }
}`;

describe("POST /api/v1/auth/register", () => {
  it("creates a workspace and its administrator and answers 201 with login data", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: { ...valid("a1"), tenant_name: "Acme" } });
    expect(response.status).toBe(201);
    expect(response.body.success).toBe(true);
    expect(response.body.data).toMatchObject({
      expires_in: 3600,
      token_type: "Bearer",
      user: {
        email: "reg-a1@example.com",
        username: "reg_a1",
        first_name: "Rita",
        last_name: "Register",
        avatar_url: null,
        roles: ["user", "admin"],
      },
    });
    expect(Object.keys(response.body.data).sort()).toEqual(["access_token", "expires_in", "refresh_token", "token_type", "user"]);
    expect(response.body.data.user.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("trims strings before storing them", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", {
      body: { ...valid("trim"), email: "  reg-trim@example.com ", first_name: "  Tim  " },
    });
    expect(response.status).toBe(201);
    expect(response.body.data.user).toMatchObject({ email: "reg-trim@example.com", first_name: "Tim" });
  });

  it("refuses an email that exists in any workspace, whatever its case (409 EMAIL_EXISTS)", async () => {
    await registerWorkspace(app, { email: "taken@example.com" });
    const response = await app.rest("POST", "/api/v1/auth/register", { body: { ...valid("dup"), email: "TAKEN@example.com" } });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("EMAIL_EXISTS");
  });

  it("allows the same username in another workspace", async () => {
    await registerWorkspace(app, { username: "shared_name" });
    const second = await app.rest("POST", "/api/v1/auth/register", { body: { ...valid("x2"), username: "shared_name" } });
    expect(second.status).toBe(201);
  });

  it.each([
    ["email", { email: undefined }, "REQUIRED_FIELD_MISSING"],
    ["email", { email: "not-an-email" }, "INVALID_FORMAT"],
    ["email", { email: `${"a".repeat(250)}@example.com` }, "VALUE_TOO_LONG"],
    ["password", { password: undefined }, "REQUIRED_FIELD_MISSING"],
    ["password", { password: "Sh0rt" }, "VALUE_TOO_SHORT"],
    ["password", { password: "alllowercase1" }, "INVALID_FORMAT"],
    ["password", { password: "NoDigitsHere" }, "INVALID_FORMAT"],
    ["password", { password: `A1${"a".repeat(200)}` }, "VALUE_TOO_LONG"],
    ["username", { username: "ab" }, "VALUE_TOO_SHORT"],
    ["username", { username: "has space" }, "INVALID_FORMAT"],
    ["username", { username: "   " }, "REQUIRED_FIELD_MISSING"],
    ["first_name", { first_name: "" }, "REQUIRED_FIELD_MISSING"],
    ["first_name", { first_name: "x".repeat(101) }, "VALUE_TOO_LONG"],
    ["last_name", { last_name: undefined }, "REQUIRED_FIELD_MISSING"],
    ["last_name", { last_name: 42 }, "INVALID_FORMAT"],
    ["tenant_name", { tenant_name: "t".repeat(101) }, "VALUE_TOO_LONG"],
    ["nickname", { nickname: "unknown field" }, "INVALID_FORMAT"],
  ])("rejects a bad %s with 400 VALIDATION_ERROR (%j)", async (field, change, code) => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: { ...valid(`v${Math.random()}`.slice(0, 8)), ...change } });
    expect(response.status).toBe(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
    expect(response.body.error.details).toContainEqual(expect.objectContaining({ field, code }));
  });

  it("lists every failing field at once", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", {
      body: { email: "bad", password: "weak", username: "ok_name", first_name: "A", last_name: "B" },
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(["email", "password"]));
  });

  it("rejects a body that is not a JSON object", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: ["list"] });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: "body", code: "INVALID_FORMAT" });
  });
});

describe("register mutation", () => {
  it("returns the same data through GraphQL", async () => {
    const input = { email: "gql-reg@example.com", password: PASSWORD, username: "gql_reg", firstName: "Gia", lastName: "Ql" };
    const response = await app.gql(REGISTER, { input });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.register).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 3600,
      user: { email: "gql-reg@example.com", displayName: "Gia Ql", roles: ["user", "admin"] },
    });
  });

  it("answers validation failures with extensions.code and camelCase fields", async () => {
    const input = { email: "nope", password: PASSWORD, username: "gql_bad", firstName: "", lastName: "Ql" };
    const response = await app.gql(REGISTER, { input });
    expect(response.body.errors[0].extensions.code).toBe("VALIDATION_ERROR");
    expect(response.body.errors[0].extensions.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "email", code: "INVALID_FORMAT" }),
        expect.objectContaining({ field: "firstName", code: "REQUIRED_FIELD_MISSING" }),
      ]),
    );
  });

  it("answers EMAIL_EXISTS through GraphQL too", async () => {
    const input = { email: "gql-reg@example.com", password: PASSWORD, username: "other", firstName: "A", lastName: "B" };
    const response = await app.gql(REGISTER, { input });
    expect(response.body.errors[0].extensions.code).toBe("EMAIL_EXISTS");
  });
});

describe("ALLOW_REGISTRATION=false", () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await startTestApp({ ALLOW_REGISTRATION: "false" });
  });
  afterAll(() => closed.stop());

  it("refuses new workspaces through both doors", async () => {
    const rest = await closed.rest("POST", "/api/v1/auth/register", { body: valid("closed") });
    expect(rest.status).toBe(403);
    expect(rest.body.error.code).toBe("REGISTRATION_DISABLED");
    const gql = await closed.gql(REGISTER, {
      input: { email: "c@example.com", password: PASSWORD, username: "closed", firstName: "A", lastName: "B" },
    });
    expect(gql.body.errors[0].extensions.code).toBe("REGISTRATION_DISABLED");
  });
});
