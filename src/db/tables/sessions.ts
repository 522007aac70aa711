import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { idColumn, createdAtColumn } from "./columns";
import { tenantIdColumn } from "./tenants";
import { users } from "./users";

/**
 * One login. Access tokens carry its id as `sid`, so revoking the session
 * (logout, refresh-token reuse, deactivation) stops every token it issued.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAtColumn(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
  },
  (table) => [index("sessions_user_idx").on(table.userId)],
);

/** The refresh-token family of a session; only the newest unrotated token is usable. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: idColumn(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAtColumn(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
  },
  (table) => [index("refresh_tokens_session_idx").on(table.sessionId)],
);
