import { createHmac, randomBytes } from "node:crypto";

/** Sent as `User-Agent`; the number changes when the headers or signatures do. */
export const WEBHOOK_USER_AGENT = "project-tracker-api-webhooks/1";

const STANDARD_SECRET_PREFIX = "whsec_";

/** What one delivery attempt sends. */
export interface WebhookMessage {
  /** Same for every attempt of a delivery, so receivers can drop duplicates. */
  deliveryId: string;
  event: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  /** The raw JSON body, exactly as sent and signed. */
  body: string;
}

/** The hook's current secret, and during a rotation the previous one. */
export type WebhookSecrets = readonly [current: string, previous?: string];

/** A new Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return STANDARD_SECRET_PREFIX + randomBytes(32).toString("base64");
}

/**
 * The headers of one delivery attempt: seed 001 §14.4's `X-Hub-*` (signature
 * over the body, GitHub-compatible) and Standard Webhooks' `webhook-*`
 * (signature over id, timestamp and body). During a rotation both secrets sign.
 */
export function signWebhook(message: WebhookMessage, secrets: WebhookSecrets): Record<string, string> {
  if (!Number.isSafeInteger(message.timestamp)) throw new RangeError("timestamp must be whole unix seconds");
  const [current, previous] = secrets;
  const signing = previous === undefined ? [current] : [current, previous];
  return {
    "Content-Type": "application/json",
    "User-Agent": WEBHOOK_USER_AGENT,
    "X-Hub-Event": message.event,
    "X-Hub-Delivery": message.deliveryId,
    "X-Hub-Timestamp": String(message.timestamp),
    "X-Hub-Signature-256": hubSignature(current, message.body),
    ...(previous === undefined ? {} : { "X-Hub-Signature-256-Previous": hubSignature(previous, message.body) }),
    "webhook-id": message.deliveryId,
    "webhook-timestamp": String(message.timestamp),
    "webhook-signature": signing.map((secret) => standardSignature(secret, message)).join(" "),
  };
}

// GitHub's verifiers key the HMAC with the secret string as typed, whatever its form.
const hubSignature = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", Buffer.from(secret, "utf8")).update(body, "utf8").digest("hex")}`;

const standardSignature = (secret: string, { deliveryId, timestamp, body }: WebhookMessage) =>
  `v1,${createHmac("sha256", standardKey(secret)).update(`${deliveryId}.${timestamp}.${body}`, "utf8").digest("base64")}`;

/**
 * `whsec_<base64>` keys with the decoded bytes, as the standardwebhooks
 * library does; any other secret (users may choose their own) with its UTF-8
 * bytes, which that library's receivers load with `{ format: "raw" }`.
 */
function standardKey(secret: string): Buffer {
  if (secret.startsWith(STANDARD_SECRET_PREFIX)) {
    const encoded = secret.slice(STANDARD_SECRET_PREFIX.length);
    const key = Buffer.from(encoded, "base64");
    // Buffer skips characters that are not base64; only a canonical encoding counts as one.
    if (key.length > 0 && key.toString("base64") === encoded) return key;
  }
  return Buffer.from(secret, "utf8");
}
