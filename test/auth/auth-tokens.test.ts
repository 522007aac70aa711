import { createHmac, createPublicKey } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { registerWorkspace, type SignedIn } from "../helpers/factories";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const me = (token: string) => app.rest("GET", `/api/v1/users/${decodeJwt(token).sub}`, { token });
const refresh = (refreshToken: unknown) => app.rest("POST", "/api/v1/auth/refresh", { body: { refresh_token: refreshToken } });

describe("access tokens", () => {
  it("are RS256 with kid and carry the §2.1 claims", async () => {
    const owner = await registerWorkspace(app);
    const header = decodeProtectedHeader(owner.token);
    expect(header).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(header.kid).toEqual(expect.any(String));
    const claims = decodeJwt(owner.token);
    expect(claims).toMatchObject({
      sub: owner.user.id,
      iss: "project-manager-auth",
      aud: "project-manager-api",
      roles: ["user", "admin"],
      tenant_id: expect.any(String),
      jti: expect.any(String),
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.permissions).toEqual(expect.arrayContaining(["read:issues", "write:issues", "admin:projects", "admin:users"]));
  });

  it("verify against the published JWKS", async () => {
    const owner = await registerWorkspace(app);
    const jwks = await app.rest("GET", "/.well-known/jwks.json");
    expect(jwks.status).toBe(200);
    const [key] = jwks.body.keys;
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: decodeProtectedHeader(owner.token).kid });
    expect(key.d).toBeUndefined();
  });

  it("give a plain user only user scopes", async () => {
    const owner = await registerWorkspace(app);
    const created = await app.rest("POST", "/api/v1/users", {
      token: owner.token,
      body: { email: "plain@example.com", username: "plain", password: "Passw0rdX", first_name: "P", last_name: "U" },
    });
    expect(created.status).toBe(201);
    const login = await app.rest("POST", "/api/v1/auth/login", { body: { email: "plain@example.com", password: "Passw0rdX" } });
    const claims = decodeJwt(login.body.data.access_token);
    expect(claims.roles).toEqual(["user"]);
    expect(claims.permissions).toContain("read:profile");
    expect(claims.permissions).not.toContain("admin:users");
    expect(claims.permissions).not.toContain("admin:projects");
  });
});

describe("POST /api/v1/auth/refresh", () => {
  it("rotates: returns a new pair and the old refresh token stops working", async () => {
    const owner = await registerWorkspace(app);
    const first = await refresh(owner.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ expires_in: 3600, token_type: "Bearer" });
    expect(first.body.data.refresh_token).not.toBe(owner.refreshToken);
    expect((await me(first.body.data.access_token)).status).toBe(200);

    const second = await refresh(first.body.data.refresh_token);
    expect(second.status).toBe(200);
  });

  it("treats reuse of a rotated token as theft and revokes the whole family", async () => {
    const owner = await registerWorkspace(app);
    const rotated = await refresh(owner.refreshToken);
    const newest = rotated.body.data;

    const replay = await refresh(owner.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("TOKEN_INVALID");

    expect((await refresh(newest.refresh_token)).status).toBe(401);
    expect((await me(newest.access_token)).status).toBe(401);
    expect((await me(owner.token)).status).toBe(401);
  });

  it("keeps other sessions of the same user alive", async () => {
    const owner = await registerWorkspace(app);
    const other = await app.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: owner.password } });
    await refresh(owner.refreshToken);
    await refresh(owner.refreshToken);
    expect((await me(other.body.data.access_token)).status).toBe(200);
  });

  it.each([["garbage"], [""], [42], [undefined]])("refuses %j with 401 or 400", async (value) => {
    const response = await refresh(value);
    expect([400, 401]).toContain(response.status);
    expect(["TOKEN_INVALID", "VALIDATION_ERROR"]).toContain(response.body.error.code);
  });

  it("answers REFRESH_TOKEN_EXPIRED for an expired session", async () => {
    const short = await startTestApp({ REFRESH_TOKEN_TTL: "1" });
    try {
      const owner = await registerWorkspace(short);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const response = await short.rest("POST", "/api/v1/auth/refresh", { body: { refresh_token: owner.refreshToken } });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("REFRESH_TOKEN_EXPIRED");
    } finally {
      await short.stop();
    }
  });

  it("works while the client still sends its expired access token", async () => {
    const owner = await registerWorkspace(app);
    const key = await importPKCS8(app.privateKeyPem(), "RS256");
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...decodeJwt(owner.token), iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: "RS256", kid: decodeProtectedHeader(owner.token).kid })
      .sign(key);
    const response = await app.rest("POST", "/api/v1/auth/refresh", { token: expired, body: { refresh_token: owner.refreshToken } });
    expect(response.status).toBe(200);
    const login = await app.rest("POST", "/api/v1/auth/login", { token: "garbage", body: { email: owner.email, password: owner.password } });
    expect(login.status).toBe(200);
  });

  it("works through the refreshToken mutation with the same rotation", async () => {
    const owner = await registerWorkspace(app);
    const mutation = `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken expiresIn tokenType } }`;
    const ok = await app.gql(mutation, { t: owner.refreshToken });
    expect(ok.body.data.refreshToken.tokenType).toBe("Bearer");
    const replay = await app.gql(mutation, { t: owner.refreshToken });
    expect(replay.body.errors[0].extensions.code).toBe("TOKEN_INVALID");
  });
});

describe("POST /api/v1/auth/logout", () => {
  it("revokes the access token and the refresh family", async () => {
    const owner = await registerWorkspace(app);
    const response = await app.rest("POST", "/api/v1/auth/logout", { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ message: "Successfully logged out" });
    const after = await me(owner.token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("TOKEN_INVALID");
    expect((await refresh(owner.refreshToken)).status).toBe(401);
  });

  it("requires authentication", async () => {
    const response = await app.rest("POST", "/api/v1/auth/logout");
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("UNAUTHORIZED");
  });

  it("works through the logout mutation", async () => {
    const owner = await registerWorkspace(app);
    const response = await app.gql("mutation { logout { message } }", {}, owner.token);
    expect(response.body.data.logout.message).toBe("Successfully logged out");
    expect((await me(owner.token)).status).toBe(401);
  });
});

describe("forged and broken tokens", () => {
  let owner: SignedIn;
  const claims = () => decodeJwt(owner.token);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  beforeAll(async () => {
    owner = await registerWorkspace(app);
  });

  async function signWith(overrides: Record<string, unknown>, protectedHeader: Record<string, unknown> = {}) {
    const key = await importPKCS8(app.privateKeyPem(), "RS256");
    const { kid } = decodeProtectedHeader(owner.token);
    return new SignJWT({ ...claims(), ...overrides }).setProtectedHeader({ alg: "RS256", kid, ...protectedHeader }).sign(key);
  }

  async function expectRejected(token: string, code = "TOKEN_INVALID") {
    const rest = await me(token);
    expect(rest.status).toBe(401);
    expect(rest.body.error.code).toBe(code);
    const gql = await app.gql("{ me { id } }", {}, token);
    expect(gql.status).toBe(401);
    expect(gql.body.errors[0].extensions.code).toBe(code);
  }

  it("accepts a correctly signed copy (control)", async () => {
    expect((await me(await signWith({}))).status).toBe(200);
  });

  it("refuses alg none", async () => {
    await expectRejected(`${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`);
  });

  it("refuses a tampered payload", async () => {
    const [header, , signature] = owner.token.split(".");
    await expectRejected(`${header}.${b64({ ...claims(), roles: ["admin", "user"], sub: "00000000-0000-4000-8000-000000000000" })}.${signature}`);
  });

  it("refuses an expired token with TOKEN_EXPIRED", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await signWith({ iat: now - 7200, exp: now - 120 }), "TOKEN_EXPIRED");
  });

  it("refuses a token that was accepted once it expires", async () => {
    // Expires (with the 60 s of skew) one to two seconds from now: accepted first, then remembered, then refused.
    const exp = Math.floor(Date.now() / 1000) - 58;
    const token = await signWith({ iat: exp - 3600, exp });
    expect((await me(token)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, (exp + 60) * 1000 - Date.now() + 50));
    await expectRejected(token, "TOKEN_EXPIRED");
  });

  it("tolerates 60 seconds of clock skew", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await me(await signWith({ iat: now - 3600, exp: now - 30 }))).status).toBe(200);
  });

  it("refuses a wrong audience or issuer", async () => {
    await expectRejected(await signWith({ aud: "someone-else" }));
    await expectRejected(await signWith({ iss: "evil-issuer" }));
  });

  it("refuses HS256 signed with the public key", async () => {
    const header = b64({ alg: "HS256", typ: "JWT", kid: decodeProtectedHeader(owner.token).kid });
    const payload = b64(claims());
    const secret = createPublicKey(app.publicKeyPem()).export({ type: "spki", format: "pem" });
    const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
    await expectRejected(`${header}.${payload}.${signature}`);
  });

  it("refuses a token signed by another key", async () => {
    const { generateKeyPair } = await import("jose");
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
    await expectRejected(token);
  });

  it("refuses a token naming a session that does not exist", async () => {
    await expectRejected(await signWith({ sid: "00000000-0000-4000-8000-000000000000" }));
    await expectRejected(await signWith({ sid: "not-a-uuid" }));
  });

  it("refuses a malformed Authorization header", async () => {
    const response = await app.rest("GET", `/api/v1/users/${owner.user.id}`, { headers: { authorization: "Token abc" } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("TOKEN_INVALID");
  });
});
