import { timestamp, uuid } from "drizzle-orm/pg-core";

/** Column builders shared by every table, so each convention is written once. */
export const idColumn = () => uuid("id").primaryKey().defaultRandom();
export const createdAtColumn = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const updatedAtColumn = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
/** Soft deletion: set means gone from every read. */
export const deletedAtColumn = () => timestamp("deleted_at", { withTimezone: true });
