import { createHash, randomBytes } from "node:crypto";

/** A random bearer secret (refresh or reset token) and the hash that is stored in its place. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashOpaqueToken(token) };
}

/** SHA-256 suffices: the tokens carry 256 bits of entropy, so there is nothing to brute-force. */
export function hashOpaqueToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
