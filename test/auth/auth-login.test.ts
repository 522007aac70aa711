import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, PASSWORD, registerWorkspace } from "../helpers/factories";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOGIN_LOCK_SECONDS: "2" });
});
afterAll(() => app.stop());

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresIn tokenType user { id email roles } } }`;

describe("POST /api/v1/auth/login", () => {
  it("answers the documented shape", async () => {
    const owner = await registerWorkspace(app);
    const response = await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ expires_in: 3600, token_type: "Bearer" });
    expect(Object.keys(response.body.data.user).sort()).toEqual(
      ["avatar_url", "email", "first_name", "id", "last_name", "roles", "username"].sort(),
    );
    expect(response.body.meta).toMatchObject({ version: "v1", request_id: response.headers.get("x-request-id") });
  });

  it("accepts the email in any case", async () => {
    const owner = await registerWorkspace(app);
    const response = await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email.toUpperCase(), password: PASSWORD } });
    expect(response.status).toBe(200);
  });

  it("answers unknown email and wrong password identically (401 INVALID_CREDENTIALS)", async () => {
    const owner = await registerWorkspace(app);
    const unknown = await app.rest("POST", "/api/v1/auth/login", { body: { email: "nobody@example.com", password: PASSWORD } });
    const wrong = await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: "Wrong1234" } });
    for (const response of [unknown, wrong]) {
      expect(response.status).toBe(401);
      expect(response.body.error).toEqual({ code: "INVALID_CREDENTIALS", message: "Invalid email or password" });
    }
  });

  it("requires email and password", async () => {
    const response = await app.rest("POST", "/api/v1/auth/login", { body: {} });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "email", code: "REQUIRED_FIELD_MISSING" }),
        expect.objectContaining({ field: "password", code: "REQUIRED_FIELD_MISSING" }),
      ]),
    );
  });

  it("works through the GraphQL login mutation", async () => {
    const owner = await registerWorkspace(app);
    const response = await app.gql(LOGIN, { input: { email: owner.email, password: PASSWORD } });
    expect(response.body.data.login).toMatchObject({ tokenType: "Bearer", user: { id: owner.user.id } });
    const wrong = await app.gql(LOGIN, { input: { email: owner.email, password: "Wrong1234" } });
    expect(wrong.body.errors[0].extensions.code).toBe("INVALID_CREDENTIALS");
  });
});

describe("account lockout", () => {
  it("locks after five consecutive failures with 423 ACCOUNT_LOCKED, even for the right password, then unlocks", async () => {
    const owner = await registerWorkspace(app);
    const attempt = (password: string) => app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password } });
    for (let failure = 1; failure <= 4; failure++) expect((await attempt("Wrong1234")).status).toBe(401);
    const fifth = await attempt("Wrong1234");
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe("ACCOUNT_LOCKED");
    expect(Date.parse(fifth.body.error.details.locked_until)).toBeGreaterThan(Date.now());
    expect((await attempt(PASSWORD)).status).toBe(423);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await attempt(PASSWORD)).status).toBe(200);
  });

  it("resets the count after a successful login", async () => {
    const owner = await registerWorkspace(app);
    const attempt = (password: string) => app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password } });
    for (let failure = 1; failure <= 4; failure++) await attempt("Wrong1234");
    expect((await attempt(PASSWORD)).status).toBe(200);
    for (let failure = 1; failure <= 4; failure++) expect((await attempt("Wrong1234")).status).toBe(401);
  });


  it("locks through GraphQL the same way", async () => {
    const owner = await registerWorkspace(app);
    let last;
    for (let failure = 1; failure <= 5; failure++) last = await app.gql(LOGIN, { input: { email: owner.email, password: "Wrong1234" } });
    expect(last!.body.errors[0].extensions.code).toBe("ACCOUNT_LOCKED");
  });
});

describe("deactivated users", () => {
  it("cannot log in", async () => {
    const owner = await registerWorkspace(app);
    const member = await addMember(app, owner);
    const deactivate = await app.rest("PUT", `/api/v1/users/${member.user.id}`, { token: owner.token, body: { is_active: false } });
    expect(deactivate.status).toBe(200);
    const response = await app.rest("POST", "/api/v1/auth/login", { body: { email: member.email, password: PASSWORD } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("INVALID_CREDENTIALS");
  });
});

describe("account lockout under parallel failures", () => {
  // 24 password checks take longer than the 2 s lock of the app above on a
  // busy machine, which let the lock expire before the final login; this
  // app's lock outlasts the test.
  let longLock: TestApp;
  beforeAll(async () => {
    longLock = await startTestApp({ LOGIN_LOCK_SECONDS: "300" });
  });
  afterAll(() => longLock.stop());

  it("cannot be beaten by failing in parallel", async () => {
    const owner = await registerWorkspace(longLock);
    const burst = () =>
      Promise.all(Array.from({ length: 12 }, () => longLock.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: "Wrong1234" } })));
    const statuses = [...(await burst()), ...(await burst())].map((response) => response.status);
    expect(statuses.filter((status) => status === 423).length).toBeGreaterThan(0);
    const right = await longLock.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: PASSWORD } });
    expect(right.status).toBe(423);
  });
});
