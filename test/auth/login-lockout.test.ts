import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type HttpResult, type TestApp } from "../helpers/app";
import { PASSWORD, registerWorkspace } from "../helpers/factories";

/** Sign-in locks per account and client address; the apps trust one proxy hop, so `X-Forwarded-For` is the address. */

const WRONG = "Wrong1234";
const LOCK_SUBJECT = "Your account was locked after failed sign-ins";
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ TRUST_PROXY: "1", LOGIN_LOCK_SECONDS: "300" });
});
afterAll(() => app.stop());

let addressSequence = 0;
/** A client address no other test uses. */
const newAddress = () => `10.20.${Math.floor(++addressSequence / 250)}.${addressSequence % 250}`;

const restLogin = (target: TestApp, from: string, email: string, password: string) =>
  target.rest("POST", "/api/v1/auth/login", { body: { email, password }, headers: { "x-forwarded-for": from } });

async function gqlLogin(target: TestApp, from: string, email: string, password: string): Promise<HttpResult> {
  const response = await fetch(`${target.url}/api/v1/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": from },
    body: JSON.stringify({ query: LOGIN, variables: { input: { email, password } } }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const errorCode = (response: HttpResult) => response.body.error?.code ?? response.body.errors?.[0]?.extensions.code;

/** Fails `times` times from `from`; returns the last answer. */
async function fail(from: string, email: string, times = 5): Promise<HttpResult> {
  let last!: HttpResult;
  for (let attempt = 0; attempt < times; attempt++) last = await restLogin(app, from, email, WRONG);
  return last;
}

const lockMails = (email: string) => app.logs.filter((line) => line.mail?.to === email && line.mail.subject === LOCK_SUBJECT);

/** Lock mails go out after the answer: waits for `count` of them. */
async function waitForLockMail(email: string): Promise<{ to: string; subject: string; text: string }> {
  for (let attempt = 0; attempt < 100 && !lockMails(email).length; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  const [line] = lockMails(email);
  if (!line) throw new Error(`no lock mail to ${email}`);
  return line.mail;
}

describe("sign-in lock per account and address", () => {
  it("locks the attacker's address and lets the owner sign in from another (REST)", async () => {
    const owner = await registerWorkspace(app);
    const attacker = newAddress();
    for (let failure = 1; failure <= 4; failure++) expect((await restLogin(app, attacker, owner.email, WRONG)).status).toBe(401);
    const locking = await restLogin(app, attacker, owner.email, WRONG);
    expect(locking.status).toBe(423);
    expect(locking.body.error).toMatchObject({ code: "ACCOUNT_LOCKED", message: "Account temporarily locked" });
    expect(Date.parse(locking.body.error.details.locked_until)).toBeGreaterThan(Date.now() + 250_000);
    expect((await restLogin(app, attacker, owner.email, PASSWORD)).status).toBe(423);

    const fromHome = await restLogin(app, newAddress(), owner.email, PASSWORD);
    expect(fromHome.status).toBe(200);
    expect(fromHome.body.data.user.id).toBe(owner.user.id);
    // The owner's success does not lift the attacker's lock.
    expect((await restLogin(app, attacker, owner.email, PASSWORD)).status).toBe(423);
  });

  it("does the same through the GraphQL login mutation", async () => {
    const owner = await registerWorkspace(app);
    const attacker = newAddress();
    let last!: HttpResult;
    for (let failure = 1; failure <= 5; failure++) last = await gqlLogin(app, attacker, owner.email, WRONG);
    expect(errorCode(last)).toBe("ACCOUNT_LOCKED");
    expect(errorCode(await gqlLogin(app, attacker, owner.email, PASSWORD))).toBe("ACCOUNT_LOCKED");
    const fromHome = await gqlLogin(app, newAddress(), owner.email, PASSWORD);
    expect(fromHome.body.errors).toBeUndefined();
    expect(fromHome.body.data.login.accessToken).toEqual(expect.any(String));
  });

  it("counts failures from each address apart", async () => {
    const owner = await registerWorkspace(app);
    const [first, second] = [newAddress(), newAddress()];
    expect((await fail(first, owner.email, 4)).status).toBe(401);
    expect((await fail(second, owner.email, 4)).status).toBe(401);
    expect((await restLogin(app, first, owner.email, WRONG)).status).toBe(423);
    expect((await restLogin(app, second, owner.email, PASSWORD)).status).toBe(200);
    // A success forgets that address's failures.
    expect((await fail(second, owner.email, 4)).status).toBe(401);
  });

  it("counts an IPv6 client by its /64, which it can change addresses within", async () => {
    const owner = await registerWorkspace(app);
    for (let failure = 1; failure <= 4; failure++) expect((await restLogin(app, `2001:db8:1:2::${failure}`, owner.email, WRONG)).status).toBe(401);
    expect((await restLogin(app, "2001:db8:1:2:aaaa::5", owner.email, WRONG)).status).toBe(423);
    expect((await restLogin(app, "2001:db8:1:2::ffff", owner.email, PASSWORD)).status).toBe(423);
    expect((await restLogin(app, "2001:db8:1:3::1", owner.email, PASSWORD)).status).toBe(200);
  });

  it("mails the owner once, saying why and how to reset the password", async () => {
    const owner = await registerWorkspace(app);
    const attacker = newAddress();
    expect((await fail(attacker, owner.email)).status).toBe(423);
    expect((await fail(attacker, owner.email, 3)).status).toBe(423);
    // A second address locking while the first lock runs is the same attack: no second mail.
    expect((await fail(newAddress(), owner.email)).status).toBe(423);

    const mail = await waitForLockMail(owner.email);
    expect(mail.text).toContain(`5 failed sign-in attempts from the address ${attacker}`);
    expect(mail.text).toMatch(/https?:\S+\?token=[A-Za-z0-9_-]{43}/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lockMails(owner.email)).toHaveLength(1);
  });

  it("is lifted by a password reset, with the link from the lock mail", async () => {
    const owner = await registerWorkspace(app);
    const attacker = newAddress();
    expect((await fail(attacker, owner.email)).status).toBe(423);
    const mail = await waitForLockMail(owner.email);
    const token = new URL(/https?:\S+/.exec(mail.text)![0]).searchParams.get("token");

    const reset = await app.rest("POST", "/api/v1/auth/reset-password", { body: { token, password: "Fresh3rPass" } });
    expect(reset.status).toBe(200);
    expect((await restLogin(app, attacker, owner.email, "Fresh3rPass")).status).toBe(200);
  });
});

describe("failed sign-ins per account across addresses", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({
      RATE_LIMIT_ENABLED: "true",
      TRUST_PROXY: "1",
      // No address locks here: this is about the account's budget alone.
      LOGIN_MAX_FAILURES: "50",
      RATE_LIMIT_POLICY: JSON.stringify({
        failed_logins_per_account_per_hour: 4,
        endpoints: { login: { requests_per_hour: 1000, burst_limit: 100 } },
        tiers: { anonymous: { requests_per_hour: 1000, burst_limit: 100 } },
      }),
    });
  });
  afterAll(() => limited.stop());

  it("still bounds an attack from many addresses, while one address alone cannot use up the budget", async () => {
    const owner = await registerWorkspace(limited);
    const attacker = newAddress();
    for (let failure = 0; failure < 6; failure++) expect((await restLogin(limited, attacker, owner.email, WRONG)).status).toBe(401);
    expect((await restLogin(limited, newAddress(), owner.email, PASSWORD)).status).toBe(200);

    for (let failure = 0; failure < 2; failure++) expect((await restLogin(limited, newAddress(), owner.email, WRONG)).status).toBe(401);
    const blocked = await restLogin(limited, newAddress(), owner.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ code: "RATE_LIMIT_EXCEEDED", message: "Too many failed sign-in attempts. Try again later." });
    expect(errorCode(await gqlLogin(limited, newAddress(), owner.email, PASSWORD))).toBe("RATE_LIMIT_EXCEEDED");
  });
});
