import { StringDecoder } from "node:string_decoder";
import { refusedAddress } from "../../platform/request-filtering-agent";

/** How much of a response body is kept, in bytes. */
export const BODY_PREFIX_BYTES = 1024;
/** Longest `Retry-After` honoured, in milliseconds (24 h). */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/** What one delivery attempt came to. Never carries internals: every field may be shown to the hook's owner. */
export interface DeliveryOutcome {
  /** The receiver answered 2xx in time. */
  ok: boolean;
  /** HTTP status; null when no response arrived. */
  status: number | null;
  /** The first 1 KB of the response body, UTF-8 (an incomplete last character dropped); null without a response. */
  bodyPrefix: string | null;
  durationMs: number;
  /** From `Retry-After` (seconds or HTTP date), at most 24 h; null when absent or unreadable. */
  retryAfterMs: number | null;
  /** Why the attempt failed short of a status, e.g. "timed out after 30 s", "connection refused"; null otherwise. */
  error: string | null;
}

/** The first BODY_PREFIX_BYTES of the chunks read, decoded without a broken last character. */
export const bodyPrefix = (chunks: readonly Buffer[]): string =>
  new StringDecoder("utf8").write(Buffer.concat(chunks).subarray(0, BODY_PREFIX_BYTES));

/** Milliseconds a `Retry-After` value asks to wait, from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  const waitMs = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isNaN(waitMs) ? null : Math.min(Math.max(waitMs, 0), MAX_RETRY_AFTER_MS);
}

export const timeoutMessage = (timeoutMs: number): string =>
  `timed out after ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`;

const SYSTEM_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
};

/** A short sentence for a failed request, without stack or internals. */
export function describeFailure(error: Error): string {
  const address = refusedAddress(error);
  if (address) return `address ${address} is not public`;
  // With several addresses, node 20+ tries each and reports all of them together.
  const code = codeOf(error) ?? (error instanceof AggregateError ? codeOf(error.errors[0]) : undefined);
  if (code && SYSTEM_ERRORS[code]) return SYSTEM_ERRORS[code];
  if (code && /CERT|SSL|TLS|UNABLE_TO|EPROTO/.test(code)) return `TLS: ${tlsReason(error.message)}`;
  if (code?.startsWith("HPE_")) return "invalid HTTP response";
  return code ? `request failed (${code})` : "request failed";
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
};

// OpenSSL's "error:<code>:<library>:<function>:<reason>:<source file>:<line>:" keeps only its reason.
const tlsReason = (message: string): string =>
  (/error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(message)?.[1] ?? message).trim().slice(0, 200);
