import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn } from "./columns";

/**
 * Idempotency-Key records, in the database so that a retry landing on
 * another instance, or after a restart, still finds the first attempt.
 * Keys belong to their caller (`user:<id>`, or `ip:<address>` for
 * anonymous calls), which also confines them to a tenant.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: idColumn(),
    owner: text("owner").notNull(),
    /** `rest` for HTTP requests, `graphql:<mutation>` for GraphQL inputs. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of what was asked (method, path and body, or the mutation input). */
    fingerprint: text("fingerprint").notNull(),
    /** Until this time a request holding the key is taken to be still running; past it, a crashed attempt may be retried. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: createdAtColumn(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("idempotency_keys_owner_scope_key_idx").on(table.owner, table.scope, table.key),
    index("idempotency_keys_expires_idx").on(table.expiresAt),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
