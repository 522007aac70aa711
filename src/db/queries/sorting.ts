import { asc, desc, type AnyColumn, type SQL } from "drizzle-orm";
import { validationError } from "../../errors/domain-error";

/**
 * Parses `sort` as in seed 002 (`name`, `-created_at`, comma-separated) into
 * ORDER BY terms over the allowed columns, ending with `tiebreak` so the
 * order is total and pages never overlap.
 */
export function orderBy(
  sort: string | null | undefined,
  allowed: Record<string, AnyColumn | SQL>,
  fallback: string,
  tiebreak: AnyColumn,
): SQL[] {
  const terms = (sort?.trim() || fallback).split(",").map((term) => term.trim());
  const order: SQL[] = [];
  for (const term of terms) {
    const descending = term.startsWith("-");
    const name = descending ? term.slice(1) : term;
    // Own keys only: `constructor` or `__proto__` must not resolve through the prototype.
    const column = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (!column || terms.length > 3) {
      throw validationError([
        { field: "sort", code: "INVALID_ENUM_VALUE", message: `sort must use up to 3 of: ${Object.keys(allowed).join(", ")} (prefix '-' for descending)` },
      ]);
    }
    order.push(descending ? desc(column) : asc(column));
  }
  return [...order, asc(tiebreak)];
}
