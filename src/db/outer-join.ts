import type { SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";

/** A table outer-joined to a query's rows, with the columns read from it. */
export interface OuterJoin {
  table: PgTable;
  columns: Record<string, AnyPgColumn>;
  on: SQL;
}
