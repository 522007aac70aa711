import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A workspace: every other row belongs to exactly one. */
export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
