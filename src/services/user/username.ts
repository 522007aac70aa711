import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../db/tables";
import { NOT_USERNAME_CHARACTER, USERNAME_LENGTH } from "../common";

/** Room kept for a `-N` suffix: every candidate starts with the base cut to this length. */
const SUFFIX_ROOM = 10;

/** `text` in the username alphabet: accents dropped, lower case, words joined by `.`, separators not repeated or at the ends. */
function asUsername(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ".")
    .replace(NOT_USERNAME_CHARACTER, "")
    .replace(/([._-])[._-]+/g, "$1")
    .slice(0, USERNAME_LENGTH.max)
    .replace(/^[._-]+|[._-]+$/g, "");
}

/**
 * A username for someone who gave none: from their name (`Jane Doe` →
 * `jane.doe`), else from the local part of their email, else `user`; always
 * a valid username.
 */
export function usernameFrom(name: string, email: string): string {
  for (const source of [name, email.split("@")[0] ?? ""]) {
    const candidate = asUsername(source);
    if (candidate.length >= USERNAME_LENGTH.min) return candidate;
  }
  return "user";
}

/** `base`, or the first of `base-2`, `base-3`, … not taken in the tenant (usernames compare case-insensitively). */
export async function availableUsername(db: Database, tenantId: string, base: string): Promise<string> {
  const stem = base.slice(0, USERNAME_LENGTH.max - SUFFIX_ROOM).toLowerCase();
  const rows = await db
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`starts_with(lower(${users.username}), ${stem})`));
  const taken = new Set(rows.map((row) => row.username.toLowerCase()));
  for (let number = 1; ; number++) {
    const suffix = number === 1 ? "" : `-${number}`;
    const candidate = `${base.slice(0, USERNAME_LENGTH.max - suffix.length)}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
