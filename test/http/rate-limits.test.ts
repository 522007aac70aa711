import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { getIntrospectionQuery } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { addMember, createProject, PASSWORD, registerWorkspace } from "../helpers/factories";
import { BOARD } from "../helpers/board";

const started: TestApp[] = [];
async function app(env: Record<string, string> = {}, policy?: unknown): Promise<TestApp> {
  const instance = await startTestApp({
    RATE_LIMIT_ENABLED: "true",
    TRUST_PROXY: "1",
    ...(policy ? { RATE_LIMIT_POLICY: JSON.stringify(policy) } : {}),
    ...env,
  });
  started.push(instance);
  return instance;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((instance) => instance.stop()));
});

/** A client address of its own, so counts do not mix between tests (the apps trust one proxy hop). */
const clientIp = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]).join(".")}`;
const from = (ip: string, headers: Record<string, string> = {}) => ({ headers: { "x-forwarded-for": ip, ...headers } });

const gqlFrom = (target: TestApp, ip: string, query: string, variables?: Record<string, unknown>, token?: string) =>
  fetch(`${target.url}/api/v1/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  }).then(async (response) => ({ status: response.status, headers: response.headers, body: (await response.json()) as any }));

function expectRateLimited(response: { status: number; headers: Headers; body: any }, limit: number, window: number) {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(window);
  const error = response.body.error ?? response.body.errors[0].extensions;
  expect(error.code).toBe("RATE_LIMIT_EXCEEDED");
  expect(error.details).toEqual({ limit, window, reset_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
  expect(new Date(error.details.reset_at).getTime()).toBeGreaterThan(Date.now() - 1000);
}

describe("rate limits", () => {
  it("report the caller's budget on every API response, by tier", async () => {
    const target = await app();
    const ip = clientIp();
    const anonymous = await target.rest("GET", "/api/v1/no-such-route", from(ip));
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get("x-ratelimit-limit")).toBe("100");
    expect(anonymous.headers.get("x-ratelimit-remaining")).toBe("99");
    expect(anonymous.headers.get("x-ratelimit-window")).toBe("3600");
    const reset = Number(anonymous.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
    expect(anonymous.headers.get("ratelimit-policy")).toBe('"anonymous";q=100;w=3600, "anonymous_burst";q=10;w=1');
    expect(anonymous.headers.get("ratelimit")).toMatch(/^"anonymous";r=99;t=\d+, "anonymous_burst";r=9;t=[01]$/);

    const admin = await registerWorkspace(target);
    const member = await addMember(target, admin);
    const premium = await addMember(target, admin, { roles: ["premium"] });
    const limitOf = async (token: string) => (await target.rest("GET", "/api/v1/projects", { token, ...from(ip) })).headers.get("x-ratelimit-limit");
    expect(await limitOf(admin.token)).toBe("10000");
    expect(await limitOf(member.token)).toBe("1000");
    expect(await limitOf(premium.token)).toBe("5000");

    const first = await target.rest("GET", "/api/v1/projects", { token: member.token, ...from(ip) });
    expect(first.status).toBe(200);
    const second = await target.rest("GET", "/api/v1/projects", { token: member.token, ...from(clientIp()) });
    // Signed-in callers are counted by user, whatever their address.
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(Number(first.headers.get("x-ratelimit-remaining")) - 1);
  });

  it("answer 429 with details and Retry-After once the hourly budget is spent, on both doors", async () => {
    const target = await app({}, { tiers: { anonymous: { requests_per_hour: 3, burst_limit: 100 } } });
    const ip = clientIp();
    for (let index = 0; index < 2; index++) expect((await target.rest("GET", "/api/v1/projects", from(ip))).status).toBe(401);
    expect((await gqlFrom(target, ip, "{ __typename }")).status).toBe(200);
    const rest = await target.rest("GET", "/api/v1/projects", from(ip));
    expectRateLimited(rest, 3, 3600);
    expect(rest.body).toMatchObject({ success: false, error: { message: "Rate limit exceeded. Try again later." }, meta: { version: "v1" } });
    expect(rest.headers.get("x-ratelimit-remaining")).toBe("0");
    expectRateLimited(await gqlFrom(target, ip, "{ __typename }"), 3, 3600);
    // Another address has its own budget.
    expect((await target.rest("GET", "/api/v1/projects", from(clientIp()))).status).toBe(401);
    const metrics = await (await fetch(`${target.url}/metrics`)).text();
    expect(metrics).toContain('rate_limit_rejections_total{limit="anonymous"} 2');
  });

  it("limit bursts within a second", async () => {
    const target = await app({}, { tiers: { anonymous: { requests_per_hour: 100, burst_limit: 2 } } });
    const ip = clientIp();
    const responses = await Promise.all([0, 1, 2, 3].map(() => target.rest("GET", "/api/v1/projects", from(ip))));
    const limited = responses.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expectRateLimited(limited[0]!, 2, 1);
  });

  it("give login its own budget, shared by REST and the GraphQL mutation", async () => {
    const target = await app({}, { endpoints: { login: { requests_per_hour: 2, burst_limit: 10 } } });
    const owner = await registerWorkspace(target);
    const ip = clientIp();
    const credentials = { email: owner.email, password: PASSWORD };
    expect((await target.rest("POST", "/api/v1/auth/login", { body: credentials, ...from(ip) })).status).toBe(200);
    const viaGraphQL = await gqlFrom(target, ip, "mutation($input: LoginInput!) { login(input: $input) { accessToken } }", { input: credentials });
    expect(viaGraphQL.body.errors).toBeUndefined();
    expect(viaGraphQL.headers.get("x-ratelimit-limit")).toBe("2");
    expect(viaGraphQL.headers.get("x-ratelimit-remaining")).toBe("0");
    expectRateLimited(await target.rest("POST", "/API/V1/AUTH/LOGIN/", { body: credentials, ...from(ip) }), 2, 3600);
    expectRateLimited(
      await gqlFrom(target, ip, "mutation($input: LoginInput!) { login(input: $input) { accessToken } }", { input: credentials }),
      2,
      3600,
    );
    // Other routes still answer for that address.
    expect((await target.rest("GET", `/api/v1/users/${owner.user.id}`, { token: owner.token, ...from(ip) })).status).toBe(200);
  });

  it("charge GraphQL by operation cost, so aliases cannot multiply a budget", async () => {
    const target = await app(
      { RATE_LIMIT_GRAPHQL_COST_PER_POINT: "10" },
      { tiers: { admin_user: { requests_per_hour: 12, burst_limit: 100 } } },
    );
    const admin = await registerWorkspace(target);
    const ip = clientIp();
    const single = await gqlFrom(target, ip, "query One { me { id username } }", undefined, admin.token);
    expect(single.body.extensions.cost).toEqual({ operationCost: 4, charged: 1 });
    expect(single.headers.get("x-ratelimit-remaining")).toBe("11");

    const aliased = `query Many { ${Array.from({ length: 10 }, (_, index) => `a${index}: me { id username }`).join(" ")} }`;
    const many = await gqlFrom(target, ip, aliased, undefined, admin.token);
    expect(many.body.errors).toBeUndefined();
    expect(many.body.extensions.cost).toEqual({ operationCost: 40, charged: 4 });
    expect(many.headers.get("x-ratelimit-remaining")).toBe("7");

    await gqlFrom(target, ip, aliased, undefined, admin.token);
    const over = await gqlFrom(target, ip, aliased, undefined, admin.token);
    expectRateLimited(over, 12, 3600);
    expect(over.body.data).toBeUndefined();
    expect(over.body.extensions.cost).toEqual({ operationCost: 40, charged: 4 });
  });

  it("charge a connection's selection once per item of its page, with the page size sent", async () => {
    const target = await app({ RATE_LIMIT_GRAPHQL_COST_PER_POINT: "10" }, { tiers: { admin_user: { requests_per_hour: 100, burst_limit: 100 } } });
    const admin = await registerWorkspace(target);
    const ip = clientIp();
    const charged = async (query: string, variables?: Record<string, unknown>) => {
      const response = await gqlFrom(target, ip, query, variables, admin.token);
      expect(response.body.errors).toBeUndefined();
      return { cost: response.body.extensions.cost, remaining: Number(response.headers.get("x-ratelimit-remaining")) };
    };
    // issues 2, and per issue: nodes 2 + id 1.
    expect(await charged("{ issues(first: 10) { nodes { id } } }")).toEqual({ cost: { operationCost: 32, charged: 4 }, remaining: 96 });
    expect(await charged("{ issues(first: 50) { nodes { id } } }")).toEqual({ cost: { operationCost: 152, charged: 16 }, remaining: 80 });
    expect(await charged("{ issues { nodes { id } } }")).toEqual({ cost: { operationCost: 62, charged: 7 }, remaining: 73 });
    const sized = "query($n: Int) { issues(first: $n) { nodes { id } } }";
    expect(await charged(sized, { n: 10 })).toEqual({ cost: { operationCost: 32, charged: 4 }, remaining: 69 });
    expect(await charged(sized)).toEqual({ cost: { operationCost: 62, charged: 7 }, remaining: 62 });
  });

  it("charge the board query two points at the default rate", async () => {
    const target = await app();
    const admin = await registerWorkspace(target);
    const project = await createProject(target, admin);
    const board = await gqlFrom(target, clientIp(), BOARD, { id: project.id }, admin.token);
    expect(board.body.errors).toBeUndefined();
    expect(board.body.extensions.cost).toEqual({ operationCost: 861, charged: 2 });
  });

  it("charge an introspection-only operation one request, so an explorer's first query spends no budget", async () => {
    const target = await app();
    const owner = await registerWorkspace(target);
    const ip = clientIp();
    const anonymous = await gqlFrom(target, ip, getIntrospectionQuery());
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.errors).toBeUndefined();
    expect(anonymous.body.extensions.cost).toEqual({ operationCost: 0, charged: 1 });
    expect(anonymous.headers.get("x-ratelimit-remaining")).toBe("99");
    const login = await target.rest("POST", "/api/v1/auth/login", { body: { email: owner.email, password: PASSWORD }, ...from(ip) });
    expect(login.status).toBe(200);
    expect(login.headers.get("ratelimit")).toContain('"anonymous";r=98;');

    const member = await addMember(target, owner);
    const before = await gqlFrom(target, ip, "{ me { username } }", undefined, member.token);
    const remaining = Number(before.headers.get("x-ratelimit-remaining"));
    const introspected = await gqlFrom(target, ip, getIntrospectionQuery(), undefined, member.token);
    expect(introspected.status).toBe(200);
    expect(introspected.body.extensions.cost).toEqual({ operationCost: 0, charged: 1 });
    expect(Number(introspected.headers.get("x-ratelimit-remaining"))).toBe(remaining - 1);
    const after = await gqlFrom(target, ip, "{ me { username } }", undefined, member.token);
    expect(after.status).toBe(200);
    expect(after.body.data.me.username).toBe(member.user.username);
    expect(Number(after.headers.get("x-ratelimit-remaining"))).toBe(remaining - 2);

    // Data next to introspection is charged by the whole operation's cost.
    const mixed = await gqlFrom(target, ip, "{ __schema { types { name } } me { username } }", undefined, member.token);
    expect(mixed.body.extensions.cost.operationCost).toBeGreaterThan(0);
  });

  it("limit failed sign-ins per account across addresses, with the same answer for unknown accounts", async () => {
    const target = await app({ LOGIN_MAX_FAILURES: "50" }, { failed_logins_per_account_per_hour: 3 });
    const owner = await registerWorkspace(target);
    for (const email of [owner.email, `nobody-${randomBytes(4).toString("hex")}@example.com`]) {
      for (let index = 0; index < 3; index++) {
        const failed = await target.rest("POST", "/api/v1/auth/login", { body: { email, password: "Wrong-pass1" }, ...from(clientIp()) });
        expect(failed.status).toBe(401);
      }
      const blocked = await target.rest("POST", "/api/v1/auth/login", { body: { email: email.toUpperCase(), password: PASSWORD }, ...from(clientIp()) });
      expectRateLimited(blocked, 3, 3600);
      expect(blocked.body.error.message).toBe("Too many failed sign-in attempts. Try again later.");
      const viaGraphQL = await gqlFrom(target, clientIp(), "mutation($input: LoginInput!) { login(input: $input) { accessToken } }", {
        input: { email, password: PASSWORD },
      });
      expectRateLimited(viaGraphQL, 3, 3600);
      expect(viaGraphQL.body.errors[0].extensions.http).toBeUndefined();
    }
    // Other accounts are not affected.
    const other = await addMember(target, owner);
    expect((await target.rest("POST", "/api/v1/auth/login", { body: { email: other.email, password: PASSWORD }, ...from(clientIp()) })).status).toBe(200);
  });

  it("can be switched off", async () => {
    const target = await app({ RATE_LIMIT_ENABLED: "false" });
    const response = await target.rest("GET", "/api/v1/projects", from(clientIp()));
    expect(response.headers.get("x-ratelimit-limit")).toBeNull();
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redisReachable = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = connect({ host: hostname, port: Number(port || 6379) });
  socket.setTimeout(500);
  const settle = (reachable: boolean) => {
    socket.destroy();
    resolve(reachable);
  };
  socket.once("connect", () => settle(true));
  socket.once("error", () => settle(false));
  socket.once("timeout", () => settle(false));
});

describe.skipIf(!redisReachable)("rate limits with Redis", () => {
  it("share counters between instances", async () => {
    const policy = { tiers: { anonymous: { requests_per_hour: 3, burst_limit: 100 } } };
    const [first, second] = await Promise.all([app({ REDIS_URL }, policy), app({ REDIS_URL }, policy)]);
    const ip = clientIp();
    expect((await first.rest("GET", "/api/v1/projects", from(ip))).headers.get("x-ratelimit-remaining")).toBe("2");
    expect((await second.rest("GET", "/api/v1/projects", from(ip))).headers.get("x-ratelimit-remaining")).toBe("1");
    expect((await first.rest("GET", "/api/v1/projects", from(ip))).headers.get("x-ratelimit-remaining")).toBe("0");
    expectRateLimited(await second.rest("GET", "/api/v1/projects", from(ip)), 3, 3600);
  });
});
