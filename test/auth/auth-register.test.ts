import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { PASSWORD, login, registerWorkspace } from "../helpers/factories";
import { availableUsername, usernameFrom } from "../../src/services/user";

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

/** Seed 002's `RegisterRequest`. */
const seedBody = (suffix: string, name: string) => ({ email: `seed-${suffix}@example.com`, password: PASSWORD, name });

const tenantOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).tenant_id as string;

describe("POST /api/v1/auth/register with seed 002's body", () => {
  it("splits the name, derives a username, and the user can log in", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: seedBody("s1", "  Jane Q.   Doe ") });
    expect(response.status).toBe(201);
    expect(response.body.data.user).toMatchObject({ email: "seed-s1@example.com", username: "jane.q.doe", first_name: "Jane Q.", last_name: "Doe", roles: ["user", "admin"] });
    const signedIn = await login(app, "seed-s1@example.com", PASSWORD);
    expect(signedIn.user.username).toBe("jane.q.doe");
    const me = await app.rest("GET", `/api/v1/users/${signedIn.user.id}`, { token: signedIn.token });
    expect(me.body.data).toMatchObject({ first_name: "Jane Q.", last_name: "Doe" });
  });

  it("keeps a one-word name as the first name with an empty last name", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: seedBody("s2", "Cher") });
    expect(response.status).toBe(201);
    expect(response.body.data.user).toMatchObject({ username: "cher", first_name: "Cher", last_name: "" });
  });

  it("derives usernames in the username alphabet, from the email when the name has too little of it", async () => {
    const accented = await app.rest("POST", "/api/v1/auth/register", { body: seedBody("s3", "Zoë Ångström-Ödén") });
    expect(accented.body.data.user.username).toBe("zoe.angstrom-oden");
    const script = await app.rest("POST", "/api/v1/auth/register", { body: { ...seedBody("s4", "李小龍"), email: "Bruce.Lee+x@example.com" } });
    expect(script.status).toBe(201);
    expect(script.body.data.user).toMatchObject({ username: "bruce.leex", first_name: "李小龍", last_name: "" });
    expect(usernameFrom("李", "李@example.com")).toBe("user");
    expect(usernameFrom("x".repeat(80), "a@b.co")).toHaveLength(50);
  });

  it("uses a username given beside the name", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: { ...seedBody("s5", "Ann Other"), username: "ann_o" } });
    expect(response.status).toBe(201);
    expect(response.body.data.user).toMatchObject({ username: "ann_o", first_name: "Ann", last_name: "Other" });
  });

  it("gives two people of the same name usable usernames, numbered within a workspace", async () => {
    const first = await app.rest("POST", "/api/v1/auth/register", { body: seedBody("s6", "Sam Same") });
    const second = await app.rest("POST", "/api/v1/auth/register", { body: seedBody("s7", "Sam Same") });
    // Each registration opens its own workspace, where the name is free.
    expect([first.body.data.user.username, second.body.data.user.username]).toEqual(["sam.same", "sam.same"]);
    const token = first.body.data.access_token as string;
    const tenantId = tenantOf(token);
    const db = app.server.database.db;
    expect(await availableUsername(db, tenantId, "sam.same")).toBe("sam.same-2");
    const namesake = await app.rest("POST", "/api/v1/users", {
      token,
      body: { email: "sam-2@example.com", username: "Sam.Same-2", password: PASSWORD, first_name: "Sam", last_name: "Same" },
    });
    expect(namesake.status).toBe(201);
    expect(await availableUsername(db, tenantId, "sam.same")).toBe("sam.same-3");
    expect(await availableUsername(db, tenantOf(second.body.data.access_token), "sam.same")).toBe("sam.same-2");
    expect(await availableUsername(db, tenantId, `${"s".repeat(50)}`)).toBe("s".repeat(50));
  });

  it.each([
    ["J", "VALUE_TOO_SHORT"],
    ["  J  ", "VALUE_TOO_SHORT"],
    ["   ", "REQUIRED_FIELD_MISSING"],
    ["x".repeat(101), "VALUE_TOO_LONG"],
  ])("refuses the name %j with 400 %s", async (name, code) => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: seedBody(`len-${name.length}`, name) });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
    expect(response.body.error.details).toContainEqual(expect.objectContaining({ field: "name", code }));
  });

  it("accepts names of 2 and of 100 characters", async () => {
    for (const [suffix, name] of [["two", "Jo"], ["hundred", `${"A".repeat(49)} ${"B".repeat(50)}`]] as const) {
      const response = await app.rest("POST", "/api/v1/auth/register", { body: seedBody(suffix, name) });
      expect(response.status, name).toBe(201);
    }
  });

  it("refuses a name given with a first or last name", async () => {
    for (const extra of [{ first_name: "Jane" }, { last_name: "Doe" }, { first_name: "Jane", last_name: "Doe", username: "jd_both" }]) {
      const response = await app.rest("POST", "/api/v1/auth/register", { body: { ...seedBody(`mix${Object.keys(extra).length}`, "Jane Doe"), ...extra } });
      expect(response.status).toBe(400);
      for (const field of Object.keys(extra).filter((key) => key !== "username")) {
        expect(response.body.error.details).toContainEqual({ field, code: "INVALID_FORMAT", message: "Give either name or first and last name, not both" });
      }
    }
  });

  it("reads a mistyped name as seed 002's body: it does not ask for the other body's fields", async () => {
    const response = await app.rest("POST", "/api/v1/auth/register", { body: { email: "seed-typed@example.com", password: "weak", name: 5 } });
    expect(response.status).toBe(400);
    const fields = new Set(response.body.error.details.map((detail: { field: string }) => detail.field));
    expect([...fields].sort()).toEqual(["name", "password"]);
  });
});

describe("register mutation", () => {
  it("accepts seed 002's name through GraphQL too", async () => {
    const input = { email: "gql-name@example.com", password: PASSWORD, name: "Gale Quill" };
    const response = await app.gql(REGISTER, { input });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.register.user).toMatchObject({ username: "gale.quill", firstName: "Gale", lastName: "Quill", displayName: "Gale Quill" });
    const oneWord = await app.gql(REGISTER, { input: { email: "gql-one@example.com", password: PASSWORD, name: "Madonna" } });
    expect(oneWord.body.data.register.user).toMatchObject({ firstName: "Madonna", lastName: "", displayName: "Madonna" });
    const mixed = await app.gql(REGISTER, { input: { ...input, email: "gql-mix@example.com", firstName: "Gale" } });
    expect(mixed.body.errors[0].extensions).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "firstName", code: "INVALID_FORMAT" }] });
    const short = await app.gql(REGISTER, { input: { ...input, email: "gql-short@example.com", name: "G" } });
    expect(short.body.errors[0].extensions.details).toContainEqual(expect.objectContaining({ field: "name", code: "VALUE_TOO_SHORT" }));
  });

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
