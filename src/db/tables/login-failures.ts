import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Failed sign-ins per account and client address. A lock here refuses that
 * account only from that address, so an attacker's guesses cannot shut the
 * owner out elsewhere; the per-account limit across addresses lives in the
 * rate limits. In the database so every instance sees one count, whether or
 * not rate limiting is on, and a password reset clears it in its transaction.
 */
export const loginFailures = pgTable(
  "login_failures",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** As the HTTP layer saw it (`TRUST_PROXY` decides whether `X-Forwarded-For` counts). */
    clientAddress: text("client_address").notNull(),
    /** Consecutive failures since the last success or lock from this address. */
    failureCount: integer("failure_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastFailedAt: timestamp("last_failed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.clientAddress] }), index("login_failures_last_failed_idx").on(table.lastFailedAt)],
);
