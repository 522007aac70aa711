import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailedResetToken, startTestApp, type TestApp } from "../helpers/app";
import { registerWorkspace } from "../helpers/factories";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const NEW_PASSWORD = "Fresh3rPass";

const mailedToken = (email: string, count = 1) => mailedResetToken(app, email, count);

const forgot = (email: string) => app.rest("POST", "/api/v1/auth/forgot-password", { body: { email } });
const reset = (token: string, password = NEW_PASSWORD) =>
  app.rest("POST", "/api/v1/auth/reset-password", { body: { token, password } });

describe("forgot and reset password", () => {
  it("answers the same whether or not the email exists, and mails only real users", async () => {
    const owner = await registerWorkspace(app);
    const known = await forgot(owner.email);
    const unknown = await forgot("ghost@example.com");
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.body.data).toEqual(unknown.body.data);
    expect(await mailedToken(owner.email)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(app.logs.some((line) => line.mail?.to === "ghost@example.com")).toBe(false);
  });

  it("validates the email format", async () => {
    const response = await forgot("nope");
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ field: "email", code: "INVALID_FORMAT" });
  });

  it("resets the password once, signs out every session and unlocks the account", async () => {
    const owner = await registerWorkspace(app);
    for (let failure = 0; failure < 5; failure++) {
      await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: "Wrong1234" } });
    }
    await forgot(owner.email);
    const token = await mailedToken(owner.email);

    const response = await reset(token);
    expect(response.status).toBe(200);
    expect((await app.rest("GET", `/api/v1/users/${owner.user.id}`, { token: owner.token })).status).toBe(401);
    expect((await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: owner.password } })).status).toBe(401);
    expect((await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: NEW_PASSWORD } })).status).toBe(200);

    const again = await reset(token, "Another1Pass");
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("RESET_TOKEN_INVALID");
  });

  it("invalidates older links when one is used", async () => {
    const owner = await registerWorkspace(app);
    await forgot(owner.email);
    const older = await mailedToken(owner.email);
    await forgot(owner.email);
    const newer = await mailedToken(owner.email, 2);
    expect((await reset(newer)).status).toBe(200);
    expect((await reset(older, "Other1Pass")).status).toBe(400);
  });

  it("refuses an expired token", async () => {
    const owner = await registerWorkspace(app);
    await forgot(owner.email);
    const token = await mailedToken(owner.email);
    const { sql } = await import("drizzle-orm");
    await app.server.database.db.execute(sql`update password_reset_tokens set expires_at = now() - interval '1 second'`);
    const response = await reset(token);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("RESET_TOKEN_INVALID");
  });

  it("enforces password strength before spending the token", async () => {
    const owner = await registerWorkspace(app);
    await forgot(owner.email);
    const token = await mailedToken(owner.email);
    const weak = await reset(token, "weakpass");
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0]).toMatchObject({ field: "password", code: "INVALID_FORMAT" });
    expect((await reset(token)).status).toBe(200);
  });

  it("refuses unknown tokens", async () => {
    const response = await reset("x".repeat(43));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("RESET_TOKEN_INVALID");
  });

  it("works through the forgotPassword and resetPassword mutations", async () => {
    const owner = await registerWorkspace(app);
    const asked = await app.gql(`mutation($e: String!) { forgotPassword(input: { email: $e }) { message } }`, { e: owner.email });
    expect(asked.body.data.forgotPassword.message).toEqual(expect.any(String));
    const done = await app.gql(`mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, password: $p }) { message } }`, {
      t: await mailedToken(owner.email),
      p: NEW_PASSWORD,
    });
    expect(done.body.data.resetPassword.message).toBe("Password has been reset");
  });

  it("never logs passwords or tokens outside the development mail", async () => {
    const owner = await registerWorkspace(app);
    await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: owner.password } });
    const lines = app.logs.filter((line) => !line.mail).map((line) => JSON.stringify(line));
    for (const secret of [owner.password, owner.token, owner.refreshToken]) {
      expect(lines.some((line) => line.includes(secret))).toBe(false);
    }
  });
});
