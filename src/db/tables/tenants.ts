import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { idColumn, createdAtColumn } from "./columns";

/** A workspace: every other row belongs to exactly one. */
export const tenants = pgTable("tenants", {
  id: idColumn(),
  name: text("name").notNull(),
  createdAt: createdAtColumn(),
});

/** The owning workspace of a row: every tenant-scoped table has this column, and every query filters on it. */
export const tenantIdColumn = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id);
