import { and, eq, sql } from "drizzle-orm";
import { DomainError } from "../errors/domain-error";
import type { Database } from "../db/client";
import { preparedQuery } from "../db/queries/prepared-query";
import { sessions, users } from "../db/tables";
import { isUuid } from "../db/uuid";
import { verifyAccessToken, type AccessTokenSettings } from "./access-token";
import type { Actor } from "./actor";
import { grantsOf } from "./scopes";

const revoked = () => new DomainError("TOKEN_INVALID", "Invalid access token");

const sessionState = (db: Database) =>
  preparedQuery(db, "session_state", (db) =>
    db
      .select({ roles: users.roles, isActive: users.isActive, revokedAt: sessions.revokedAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, sql.placeholder("sessionId")),
          eq(users.id, sql.placeholder("userId")),
          eq(users.tenantId, sql.placeholder("tenantId")),
        ),
      )
      .prepare("session_state"),
  );

/**
 * Turns a bearer token into the acting user. Beyond the signature, the
 * session must still be live and the user active, so logout and
 * deactivation take effect at once. Roles come from the database rather
 * than the token, so a role change also applies immediately.
 */
export async function authenticate(db: Database, settings: AccessTokenSettings, token: string): Promise<Actor> {
  const claims = await verifyAccessToken(settings, token);
  if (![claims.userId, claims.tenantId, claims.sessionId].every(isUuid)) throw revoked();
  const [row] = await sessionState(db).execute({ sessionId: claims.sessionId, userId: claims.userId, tenantId: claims.tenantId });
  if (!row || !row.isActive || row.revokedAt) throw revoked();
  return {
    userId: claims.userId,
    tenantId: claims.tenantId,
    sessionId: claims.sessionId,
    ...grantsOf(row.roles),
    tokenExpiresAt: claims.expiresAt,
  };
}
