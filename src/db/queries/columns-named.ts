import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * The columns of `all` that `names` names, in that order; unknown names are
 * skipped. Rows read with them carry only those properties: for callers that
 * know which ones their readers use (a page whose GraphQL selection is known).
 */
export function columnsNamed<Columns extends Record<string, AnyPgColumn>>(all: Columns, names: readonly string[]): Partial<Columns> {
  return Object.fromEntries(names.filter((name) => Object.hasOwn(all, name)).map((name) => [name, all[name]!])) as Partial<Columns>;
}
