import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { validationError } from "../../errors/domain-error";
import { sortKey, type ListOrder, type OrderTerm, type SortKey } from "./keyset";

/**
 * Parses `sort` as in seed 002 (`name`, `-created_at`, comma-separated) into
 * the list's order over the allowed keys, ending with `tiebreak` so the
 * order is total and pages never overlap. `item` names the list's items in
 * the order's tag (`issue:-created_at`), which its cursors carry.
 */
export function listOrder(
  item: string,
  sort: string | null | undefined,
  allowed: Record<string, SortKey>,
  fallback: string,
  tiebreak: AnyPgColumn,
): ListOrder {
  const terms = (sort?.trim() || fallback).split(",").map((term) => term.trim());
  const order: OrderTerm[] = [];
  for (const term of terms) {
    const descending = term.startsWith("-");
    const name = descending ? term.slice(1) : term;
    // Own keys only: `constructor` or `__proto__` must not resolve through the prototype.
    const key = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (!key || terms.length > 3) {
      throw validationError([
        { field: "sort", code: "INVALID_ENUM_VALUE", message: `sort must use up to 3 of: ${Object.keys(allowed).join(", ")} (prefix '-' for descending)` },
      ]);
    }
    order.push({ ...key, descending });
  }
  return { tag: `${item}:${terms.join(",")}`, terms: [...order, { ...sortKey(tiebreak), descending: false }] };
}
