import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from "node:http";
import type { AddressInfo, LookupFunction } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { assertPublicUrl, deliverWebhook, generateWebhookSecret, type WebhookRequest } from "../../src/adapters/webhook";

interface Receiver {
  url: string;
  port: number;
  /** Requests whose body arrived in full. */
  received: { method?: string; headers: IncomingHttpHeaders; body: string }[];
  /** TCP connections accepted, whether or not a request followed. */
  connections: number;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done).closeAllConnections())));
});

/** A real HTTP receiver on a loopback port; `answer` runs once the request body has arrived. */
async function receiver(answer: RequestListener = (_, res) => res.writeHead(204).end()): Promise<Receiver> {
  const state = { received: [] as Receiver["received"], connections: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      state.received.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      answer(req, res);
    });
  });
  server.on("connection", () => state.connections++);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { port, url: `http://127.0.0.1:${port}/hook` });
}

const loopback = { allowedHosts: ["127.0.0.1"] };
const webhook = (url: string, overrides: Partial<WebhookRequest> = {}): WebhookRequest => ({
  url,
  deliveryId: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
  event: "issue.updated",
  timestamp: Math.floor(Date.now() / 1000),
  body: JSON.stringify({ event: "issue.updated", data: { key: "PRJ-7" } }),
  secrets: ["webhook-secret"],
  ...overrides,
});

/** A staged DNS answer in node's `lookup` shape (node 20+ asks for all addresses). */
const resolvingTo = (address: string): LookupFunction => (_hostname, options, callback) => {
  const family = address.includes(":") ? 6 : 4;
  if (options.all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
  else callback(null, address, family);
};

describe("deliverWebhook", () => {
  it("POSTs the signed body and reports a 2xx as ok", async () => {
    const hook = await receiver();
    const secret = generateWebhookSecret();
    const sent = webhook(hook.url, { secrets: [secret] });

    const outcome = await deliverWebhook(sent, loopback);

    expect(outcome).toEqual({ ok: true, status: 204, bodyPrefix: "", durationMs: expect.any(Number), retryAfterMs: null, error: null });
    const [request] = hook.received;
    expect(request).toMatchObject({ method: "POST", body: sent.body });
    expect(request!.headers).toMatchObject({
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(sent.body)),
      "user-agent": "project-tracker-api-webhooks/1",
      "x-hub-event": "issue.updated",
      "x-hub-delivery": sent.deliveryId,
      "x-hub-timestamp": String(sent.timestamp),
    });
    expect(new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).toEqual(JSON.parse(sent.body));
  });

  it("reports a 500 with the first 1 KB of its body", async () => {
    const body = "x".repeat(5 * 1024);
    const hook = await receiver((_, res) => res.writeHead(500, { "Content-Type": "text/plain" }).end(body));

    expect(await deliverWebhook(webhook(hook.url), loopback)).toMatchObject({ ok: false, status: 500, bodyPrefix: body.slice(0, 1024), error: null });
  });

  it("cuts the body prefix before a character the 1 KB boundary splits", async () => {
    const body = `a${"é".repeat(2048)}`;
    const hook = await receiver((_, res) => res.writeHead(400).end(body));

    const { bodyPrefix } = await deliverWebhook(webhook(hook.url), loopback);
    expect(bodyPrefix).toBe(body.slice(0, 512));
    expect(Buffer.byteLength(bodyPrefix!)).toBe(1023);
  });

  it.each([
    ["seconds", () => "120", 120_000],
    ["an HTTP date", () => new Date(Date.now() + 90_000).toUTCString(), 90_000],
    ["a past HTTP date", () => new Date(Date.now() - 90_000).toUTCString(), 0],
    ["more than a day", () => "999999", 86_400_000],
  ])("reads Retry-After given as %s", async (_, retryAfter, expected) => {
    const hook = await receiver((_, res) => res.writeHead(429, { "Retry-After": retryAfter() }).end());

    const { retryAfterMs, status } = await deliverWebhook(webhook(hook.url), loopback);
    expect(status).toBe(429);
    expect(retryAfterMs).toBeGreaterThanOrEqual(expected - 2000);
    expect(retryAfterMs).toBeLessThanOrEqual(expected);
  });

  it("times out a receiver that never answers, within the bound", async () => {
    const hook = await receiver(() => {});

    const outcome = await deliverWebhook(webhook(hook.url), { ...loopback, timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, status: null, bodyPrefix: null, error: "timed out after 300 ms" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(295);
    expect(outcome.durationMs).toBeLessThan(1500);
  });

  it("ends an attempt at once when its signal aborts (the worker is stopping)", async () => {
    const hook = await receiver(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await deliverWebhook(webhook(hook.url), { ...loopback, timeoutMs: 5000, signal: controller.signal });
    expect(outcome).toMatchObject({ ok: false, status: null, error: "the attempt was interrupted" });
    expect(outcome.durationMs).toBeLessThan(1000);
    expect(await deliverWebhook(webhook(hook.url), { ...loopback, signal: controller.signal })).toMatchObject({ error: "the attempt was interrupted" });
  });

  it("times out a response whose body stalls, keeping its status but not counting it ok", async () => {
    const hook = await receiver((_, res) => {
      res.writeHead(200);
      res.write("partial");
    });

    expect(await deliverWebhook(webhook(hook.url), { ...loopback, timeoutMs: 1000 })).toMatchObject({
      ok: false,
      status: 200,
      bodyPrefix: "partial",
      error: "timed out after 1 s",
    });
  });

  it("does not follow a redirect", async () => {
    const elsewhere = await receiver();
    const hook = await receiver((_, res) => res.writeHead(302, { Location: elsewhere.url }).end());

    expect(await deliverWebhook(webhook(hook.url), { allowedHosts: ["127.0.0.1"] })).toMatchObject({ ok: false, status: 302, error: null });
    await new Promise((settle) => setTimeout(settle, 100));
    expect(elsewhere.connections).toBe(0);
  });

  it("reports a refused connection", async () => {
    const hook = await receiver();
    await new Promise((closed) => servers.pop()!.close(closed));

    expect(await deliverWebhook(webhook(hook.url), loopback)).toMatchObject({ ok: false, status: null, error: "connection refused" });
  });

  it("reports a TLS failure in a sentence, without OpenSSL's internals", async () => {
    const hook = await receiver();

    const { error } = await deliverWebhook(webhook(`https://127.0.0.1:${hook.port}/hook`), loopback);
    expect(error).toBe("TLS: wrong version number");
  });

  it("reports a URL it cannot send to instead of throwing", async () => {
    expect(await deliverWebhook(webhook("ftp://127.0.0.1/hook"), loopback)).toMatchObject({ ok: false, status: null, error: "URL must use https or http" });
    expect(await deliverWebhook(webhook("not a url"), loopback)).toMatchObject({ ok: false, status: null, error: "not a valid URL" });
  });

  describe("guarding the private network at send time", () => {
    it("refuses a loopback address that is not allowed, before any connection", async () => {
      const hook = await receiver();

      expect(await deliverWebhook(webhook(hook.url), { allowedHosts: [] })).toMatchObject({ ok: false, status: null, error: "address 127.0.0.1 is not public" });
      expect(hook.connections).toBe(0);
    });

    it("refuses a name that resolves to loopback, checking the address DNS answered", async () => {
      const hook = await receiver();

      const outcome = await deliverWebhook(webhook(`http://localhost:${hook.port}/hook`), { allowedHosts: [] });
      expect(outcome.error).toBe("address 127.0.0.1 is not public");
      expect(hook.connections).toBe(0);
    });

    it("delivers to an allowed name that resolves to loopback", async () => {
      const hook = await receiver();

      expect(await deliverWebhook(webhook(`http://localhost:${hook.port}/hook`), { allowedHosts: ["localhost"] })).toMatchObject({ ok: true, status: 204 });
      expect(hook.received).toHaveLength(1);
    });

    it("allows only the host named: an allowed name does not open its addresses to other URLs", async () => {
      const hook = await receiver();

      expect(await deliverWebhook(webhook(hook.url), { allowedHosts: ["localhost"] })).toMatchObject({ error: "address 127.0.0.1 is not public" });
      expect(hook.connections).toBe(0);
    });

    it("refuses a name that was public at registration and resolves to loopback when sending (DNS rebinding)", async () => {
      const hook = await receiver();
      const url = `http://hooks.example.test:${hook.port}/hook`;
      const registration = await assertPublicUrl(url, { allowedHosts: [], requireHttps: false, resolve: async () => [{ address: "93.184.216.34" }] });
      expect(registration).toEqual({ ok: true });

      const outcome = await deliverWebhook(webhook(url), { lookup: resolvingTo("127.0.0.1") });
      expect(outcome).toMatchObject({ ok: false, status: null, error: "address 127.0.0.1 is not public" });
      expect(hook.connections).toBe(0);
    });

    it("connects where the staged DNS answer points when the name is allowed, so the test above is not vacuous", async () => {
      const hook = await receiver();

      const outcome = await deliverWebhook(webhook(`http://hooks.example.test:${hook.port}/hook`), {
        allowedHosts: ["hooks.example.test"],
        lookup: resolvingTo("127.0.0.1"),
      });
      expect(outcome).toMatchObject({ ok: true, status: 204 });
      expect(hook.received[0]!.headers.host).toBe(`hooks.example.test:${hook.port}`);
    });
  });
});
