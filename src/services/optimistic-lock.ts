import { z } from "zod";
import { DomainError } from "../errors/domain-error";

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
