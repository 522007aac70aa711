import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { idColumn, createdAtColumn, updatedAtColumn } from "./columns";
import { tenantIdColumn } from "./tenants";

export const users = pgTable(
  "users",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    email: text("email").notNull(),
    username: text("username").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    avatarUrl: text("avatar_url"),
    passwordHash: text("password_hash").notNull(),
    roles: text("roles").array().notNull().default(sql`'{user}'::text[]`),
    isActive: boolean("is_active").notNull().default(true),
    /**
     * Retired: sign-in locks are per account and address in `login_failures`.
     * Kept, unused, while instances of the previous release may still read
     * them during a rolling deploy; a later migration drops both.
     */
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    /** Retired with `failedLoginCount`. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    // Login is by email alone, so an address may exist once in the whole system.
    uniqueIndex("users_email_unique").on(sql`lower(${table.email})`),
    uniqueIndex("users_tenant_username_unique").on(table.tenantId, sql`lower(${table.username})`),
    index("users_tenant_created_idx").on(table.tenantId, table.createdAt, table.id),
  ],
);

export type UserRow = typeof users.$inferSelect;
