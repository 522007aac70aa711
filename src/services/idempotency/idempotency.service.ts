import { createHash } from "node:crypto";
import { and, eq, lt, or, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { idempotencyKeys } from "../../db/tables";
import { DomainError, validationError } from "../../errors/domain-error";

/** How long a key and its stored response are kept. */
const RETENTION = sql`interval '24 hours'`;
/** A request holding a key longer than this is taken to have died (its instance crashed) and may be retried. */
const LOCK = sql`interval '60 seconds'`;

/** Printable ASCII, as the IETF Idempotency-Key draft and most clients generate (UUIDs, ULIDs). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What claiming a key found: a fresh claim, or the response of an earlier identical request. */
export type Claim = { kind: "claimed" } | { kind: "replay"; response: StoredResponse };

export interface KeyRef {
  owner: string;
  scope: string;
  key: string;
}

export function checkKey(key: string, field: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw validationError([{ field, code: "INVALID_FORMAT", message: "Idempotency key must be 1–255 printable ASCII characters" }]);
  }
}

/** JSON with object keys sorted, so the same request hashes the same however its fields were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, item]) => `${JSON.stringify(name)}:${canonical(item)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export const fingerprintOf = (...parts: unknown[]) => createHash("sha256").update(canonical(parts)).digest("hex");

/**
 * Claims a key for a request. The first request with a key runs; a repeat
 * with the same fingerprint gets the stored response, or 409 while the
 * first is still running; a different request under the same key is 422.
 * An expired key (24 h) or one whose holder died is claimed afresh.
 */
export async function claimKey(db: Database, ref: KeyRef, fingerprint: string): Promise<Claim> {
  const match = and(eq(idempotencyKeys.owner, ref.owner), eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.key, ref.key));
  const lockUntil = sql`now() + ${LOCK}`;
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({ ...ref, fingerprint, lockedUntil: lockUntil, expiresAt: sql`now() + ${RETENTION}` })
    .onConflictDoNothing()
    .returning({ id: idempotencyKeys.id });
  if (inserted) return { kind: "claimed" };

  const expired = lt(idempotencyKeys.expiresAt, sql`now()`);
  const [renewed] = await db
    .update(idempotencyKeys)
    .set({ fingerprint, lockedUntil: lockUntil, responseStatus: null, responseBody: null, createdAt: sql`now()`, expiresAt: sql`now() + ${RETENTION}` })
    .where(and(match, expired))
    .returning({ id: idempotencyKeys.id });
  if (renewed) return { kind: "claimed" };

  const [existing] = await db.select().from(idempotencyKeys).where(match);
  if (!existing) return claimKey(db, ref, fingerprint);
  if (existing.fingerprint !== fingerprint) {
    throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used for a different request");
  }
  if (existing.responseStatus !== null) return { kind: "replay", response: { status: existing.responseStatus, body: existing.responseBody } };

  const [taken] = await db
    .update(idempotencyKeys)
    .set({ lockedUntil: lockUntil })
    .where(and(match, isNull(idempotencyKeys.responseStatus), or(isNull(idempotencyKeys.lockedUntil), lt(idempotencyKeys.lockedUntil, sql`now()`))))
    .returning({ id: idempotencyKeys.id });
  if (taken) return { kind: "claimed" };
  throw new DomainError("IDEMPOTENT_REQUEST_IN_PROGRESS", "A request with this Idempotency-Key is still being processed; retry later");
}

/** Stores the response of a claimed key, for repeats within 24 hours. */
export async function completeKey(db: Database, ref: KeyRef, response: StoredResponse): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: response.body as object, lockedUntil: null })
    .where(and(eq(idempotencyKeys.owner, ref.owner), eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.key, ref.key)));
}

/** Gives a claimed key back (the request failed on our side), so that a retry runs again. */
export async function releaseKey(db: Database, ref: KeyRef): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.owner, ref.owner), eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.key, ref.key), isNull(idempotencyKeys.responseStatus)));
}

export async function pruneExpiredKeys(db: Database): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`));
}
