import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../client";
import { comments, projects, users } from "../tables";
import { DomainError } from "../../errors/domain-error";

/** The `expectedUpdatedAt` of update inputs: the version of the resource the client last read. */
export const expectedUpdatedAtField = z.date().nullish();

/**
 * Lost-update protection: a change made on top of an old read is refused.
 * Timestamps compare at millisecond precision, the precision the API shows
 * them in. Callers hold the row lock (or the row) they compare against.
 */
export function assertUnchangedSince(current: Date, expected: Date | null | undefined): void {
  if (expected && current.getTime() !== expected.getTime()) {
    throw new DomainError("RESOURCE_CONFLICT", "The resource changed since it was read; fetch it again and retry", {
      current_updated_at: current.toISOString(),
    });
  }
}

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Locks the row for the rest of the transaction and refuses the change if it moved past `expected`. */
export async function lockUnchangedSince(
  tx: Transaction,
  table: typeof projects | typeof users | typeof comments,
  id: string,
  expected: Date | null | undefined,
): Promise<void> {
  if (!expected) return;
  const [current] = await tx.select({ updatedAt: table.updatedAt }).from(table).where(eq(table.id, id)).for("update");
  if (current) assertUnchangedSince(current.updatedAt, expected);
}
