import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * `column = any($1::type[])`: the values travel as one array parameter, so
 * the statement's text is the same however many there are. drizzle's
 * `inArray` writes one placeholder per value, and every list length would
 * then be a statement of its own in each connection's prepared-statement
 * cache.
 */
export function anyOf(column: AnyPgColumn, values: readonly (string | number)[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::${sql.raw(column.getSQLType())}[])`;
}
