import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook, type WebhookMessage } from "../../src/adapters/webhook";

const now = () => Math.floor(Date.now() / 1000);
const message = (overrides: Partial<WebhookMessage> = {}): WebhookMessage => ({
  deliveryId: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
  event: "issue.created",
  timestamp: now(),
  body: JSON.stringify({ event: "issue.created", data: { key: "PRJ-1", title: "Crème brûlée ✓" } }),
  ...overrides,
});

/** What a GitHub-style receiver does: HMAC the raw body with the secret string, compare in constant time. */
function hubVerifies(secret: string, body: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const standardVerifies = (receiver: Webhook, body: string, headers: Record<string, string>) => {
  try {
    receiver.verify(body, headers);
    return true;
  } catch {
    return false;
  }
};

describe("generateWebhookSecret", () => {
  it("is whsec_ and the base64 of 32 random bytes", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});

describe("signWebhook", () => {
  it("sends the seed's X-Hub headers and the Standard Webhooks headers", () => {
    const sent = message({ timestamp: 1_700_000_000 });
    expect(signWebhook(sent, ["webhook-secret"])).toEqual({
      "Content-Type": "application/json",
      "User-Agent": "project-tracker-api-webhooks/1",
      "X-Hub-Event": "issue.created",
      "X-Hub-Delivery": sent.deliveryId,
      "X-Hub-Timestamp": "1700000000",
      "X-Hub-Signature-256": expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
      "webhook-id": sent.deliveryId,
      "webhook-timestamp": "1700000000",
      "webhook-signature": expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
  });

  describe.each([
    ["a generated whsec_ secret", generateWebhookSecret(), (secret: string) => new Webhook(secret)],
    ["a secret of the user's own", "webhook-secret", (secret: string) => new Webhook(secret, { format: "raw" })],
    ["a non-ASCII secret of the user's own", "sécret-✓", (secret: string) => new Webhook(Buffer.from(secret, "utf8"), { format: "raw" })],
  ])("with %s", (_, secret, receiverFor) => {
    const sent = message();
    const headers = signWebhook(sent, [secret]);

    it("verifies as GitHub verifies X-Hub-Signature-256", () => {
      expect(hubVerifies(secret, sent.body, headers["X-Hub-Signature-256"])).toBe(true);
    });

    it("verifies with standardwebhooks' Webhook.verify", () => {
      expect(receiverFor(secret).verify(sent.body, headers)).toEqual(JSON.parse(sent.body));
    });

    it("fails both verifications once the body is changed", () => {
      const tampered = sent.body.replace("PRJ-1", "PRJ-2");
      expect(hubVerifies(secret, tampered, headers["X-Hub-Signature-256"])).toBe(false);
      expect(standardVerifies(receiverFor(secret), tampered, headers)).toBe(false);
    });

    it("fails the Standard Webhooks verification once the timestamp is changed", () => {
      const replayed = { ...headers, "webhook-timestamp": String(sent.timestamp + 1), "X-Hub-Timestamp": String(sent.timestamp + 1) };
      expect(standardVerifies(receiverFor(secret), sent.body, replayed)).toBe(false);
    });
  });

  it("signs X-Hub-Signature-256 over the body only, as GitHub does: the timestamp is covered by webhook-signature alone", () => {
    const sent = message();
    const later = signWebhook({ ...sent, timestamp: sent.timestamp + 60 }, ["webhook-secret"]);
    expect(later["X-Hub-Signature-256"]).toBe(signWebhook(sent, ["webhook-secret"])["X-Hub-Signature-256"]);
    expect(later["webhook-signature"]).not.toBe(signWebhook(sent, ["webhook-secret"])["webhook-signature"]);
  });

  it("needs the UTF-8 bytes, not the string, for a non-ASCII raw secret in standardwebhooks", () => {
    const sent = message();
    const headers = signWebhook(sent, ["sécret-✓"]);
    expect(standardVerifies(new Webhook("sécret-✓", { format: "raw" }), sent.body, headers)).toBe(false);
  });

  it("keys a whsec_ secret that is not canonical base64 with its UTF-8 bytes", () => {
    const sent = message();
    const secret = "whsec_not base64!";
    expect(standardVerifies(new Webhook(secret, { format: "raw" }), sent.body, signWebhook(sent, [secret]))).toBe(true);
  });

  it("signs with both secrets during a rotation, so a receiver holding either verifies", () => {
    const [current, previous] = [generateWebhookSecret(), "webhook-secret"];
    const sent = message();
    const headers = signWebhook(sent, [current, previous]);

    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(current).verify(sent.body, headers)).toEqual(JSON.parse(sent.body));
    expect(new Webhook(previous, { format: "raw" }).verify(sent.body, headers)).toEqual(JSON.parse(sent.body));
    expect(hubVerifies(current, sent.body, headers["X-Hub-Signature-256"])).toBe(true);
    expect(hubVerifies(previous, sent.body, headers["X-Hub-Signature-256-Previous"])).toBe(true);
    expect(signWebhook(sent, [current])).not.toHaveProperty("X-Hub-Signature-256-Previous");
  });

  it("refuses a timestamp that is not whole unix seconds", () => {
    expect(() => signWebhook(message({ timestamp: Date.now() / 1000 }), ["webhook-secret"])).toThrow(RangeError);
  });
});
