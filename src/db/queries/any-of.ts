import { Placeholder, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * `column = any($1::type[])`: the values travel as one array parameter, so
 * the statement's text is the same however many there are. drizzle's
 * `inArray` writes one placeholder per value, and every list length would
 * then be a statement of its own in each connection's prepared-statement
 * cache. `values` may be a placeholder of a prepared query, filled with an array.
 */
export function anyOf(column: AnyPgColumn, values: readonly (string | number)[] | Placeholder): SQL {
  const list = values instanceof Placeholder ? values : sql.param([...values]);
  return sql`${column} = any(${list}::${sql.raw(column.getSQLType())}[])`;
}
