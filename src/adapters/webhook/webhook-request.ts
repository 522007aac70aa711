import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { BODY_PREFIX_BYTES, bodyPrefix, describeFailure, parseRetryAfter, timeoutMessage, type DeliveryOutcome } from "./delivery-outcome";
import { hostOf, isAllowedHost } from "./public-url";
import { signWebhook, type WebhookMessage, type WebhookSecrets } from "./webhook-signature";

/** Seed 001 §14.4. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 30_000;

// The agents check the address actually connected to, after DNS, so a name that turned private
// since registration (DNS rebinding) is refused. An allowed host gets the lenient pair for its own
// request only: it reaches the addresses its own name resolves to, and no redirect is followed.
// Connections are kept alive between deliveries to one receiver: a checked socket stays checked.
const publicOnly = { http: new RequestFilteringHttpAgent({ keepAlive: true }), https: new RequestFilteringHttpsAgent({ keepAlive: true }) };
const privateAllowed = {
  http: new RequestFilteringHttpAgent({ keepAlive: true, allowPrivateIPAddress: true }),
  https: new RequestFilteringHttpsAgent({ keepAlive: true, allowPrivateIPAddress: true }),
};

export interface WebhookRequest extends WebhookMessage {
  url: string;
  secrets: WebhookSecrets;
}

export interface DeliveryOptions {
  /** Hosts whose addresses may be private or loopback (`WEBHOOK_ALLOWED_HOSTS`). Default none. */
  allowedHosts?: readonly string[];
  /** Longest an attempt may take, from DNS lookup to the last byte read, in milliseconds (`WEBHOOK_TIMEOUT_MS`). Default 30000. */
  timeoutMs?: number;
  /** Resolver for the URL's host, as node's `lookup` option. Default `dns.lookup`; tests substitute one to stage DNS rebinding. */
  lookup?: LookupFunction;
  /** Ends the attempt at once (the worker is stopping); the outcome's error says so. */
  signal?: AbortSignal;
}

/**
 * POSTs one signed webhook attempt. Redirects are not followed (a 3xx is a
 * failed attempt), the response body is read up to its first 1 KB, and
 * network failures become an outcome: it never rejects.
 */
export function deliverWebhook(request: WebhookRequest, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const outcome = (status: number | null, chunks: Buffer[], retryAfterMs: number | null, error: string | null): DeliveryOutcome => ({
    ok: error === null && status !== null && status >= 200 && status < 300,
    status,
    bodyPrefix: status === null ? null : bodyPrefix(chunks),
    durationMs: Math.round(performance.now() - started),
    retryAfterMs,
    error,
  });

  const url = URL.canParse(request.url) ? new URL(request.url) : undefined;
  const scheme = url?.protocol === "https:" ? "https" : url?.protocol === "http:" ? "http" : undefined;
  if (!url || !scheme) return Promise.resolve(outcome(null, [], null, url ? "URL must use https or http" : "not a valid URL"));

  if (options.signal?.aborted) return Promise.resolve(outcome(null, [], null, "the attempt was interrupted"));
  const agents = isAllowedHost(hostOf(url), options.allowedHosts ?? []) ? privateAllowed : publicOnly;
  const headers = { ...signWebhook(request, request.secrets), "Content-Length": String(Buffer.byteLength(request.body)) };

  return new Promise((resolve) => {
    let status: number | null = null;
    let retryAfterMs: number | null = null;
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    /** A response read to its end leaves its socket to the agent for the next delivery; any other ending closes it. */
    const finish = (error: string | null, complete = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome(status, chunks, retryAfterMs, error));
      if (!complete) outgoing.destroy();
    };

    const timer = setTimeout(() => finish(timeoutMessage(timeoutMs)), timeoutMs);
    const client = scheme === "https" ? https : http;
    const outgoing = client.request(url, { method: "POST", headers, agent: agents[scheme], ...(options.lookup ? { lookup: options.lookup } : {}) });
    outgoing.on("error", (error) => finish(describeFailure(error)));
    options.signal?.addEventListener("abort", () => finish("the attempt was interrupted"), { once: true });
    outgoing.on("response", (response) => {
      status = response.statusCode ?? null;
      retryAfterMs = parseRetryAfter(response.headers["retry-after"], Date.now());
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
        if (received >= BODY_PREFIX_BYTES) finish(null);
      });
      response.on("end", () => finish(null, true));
      response.on("error", (error) => finish(describeFailure(error)));
    });
    outgoing.end(request.body);
  });
}
