import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { appendEvents } from "../../events/outbox";
import { signAccessToken } from "../../auth/access-token";
import { hashOpaqueToken, newOpaqueToken } from "../../auth/opaque-token";
import { scopesForRoles } from "../../auth/scopes";
import type { Database } from "../../db/client";
import { refreshTokens, sessions, users, type UserRow } from "../../db/tables";
import { DomainError } from "../../errors/domain-error";
import type { ServiceContext } from "../common";

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const invalidRefreshToken = () => new DomainError("TOKEN_INVALID", "Invalid refresh token");

async function issueAccessToken(ctx: ServiceContext, user: UserRow, sessionId: string): Promise<string> {
  return signAccessToken(ctx.tokens, {
    userId: user.id,
    tenantId: user.tenantId,
    sessionId,
    roles: user.roles,
    permissions: scopesForRoles(user.roles),
  });
}

async function addRefreshToken(db: Database, sessionId: string): Promise<string> {
  const { token, hash } = newOpaqueToken();
  await db.insert(refreshTokens).values({ sessionId, tokenHash: hash });
  return token;
}

/** Opens a session for `user` inside the caller's transaction and issues its first token pair. */
export async function startSession(ctx: ServiceContext, db: Database, user: UserRow): Promise<IssuedTokens> {
  const expiresAt = new Date(Date.now() + ctx.settings.refreshTokenTtlSeconds * 1000);
  const [session] = await db
    .insert(sessions)
    .values({ tenantId: user.tenantId, userId: user.id, expiresAt })
    .returning({ id: sessions.id });
  const refreshToken = await addRefreshToken(db, session!.id);
  return { accessToken: await issueAccessToken(ctx, user, session!.id), refreshToken, expiresIn: ctx.tokens.ttlSeconds };
}

/** Revokes the matching live sessions and announces each, so open sockets of those sessions close. */
async function revokeWhere(db: Database, condition: SQL, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(and(condition, isNull(sessions.revokedAt)))
      .returning({ id: sessions.id, tenantId: sessions.tenantId, userId: sessions.userId });
    await appendEvents(
      tx,
      ...revoked.map((session) => ({
        type: "session.revoked" as const,
        tenantId: session.tenantId,
        subjectUserId: session.userId,
        payload: { sessionId: session.id, reason },
      })),
    );
  });
}

export function revokeSession(db: Database, sessionId: string, reason: string): Promise<void> {
  return revokeWhere(db, eq(sessions.id, sessionId), reason);
}

export function revokeUserSessions(db: Database, userId: string, reason: string): Promise<void> {
  return revokeWhere(db, eq(sessions.userId, userId), reason);
}

/**
 * Exchanges a refresh token for a new pair. Each token works once: showing
 * an already-rotated token means it was stolen or replayed, so the whole
 * session (every token of the family) is revoked.
 */
export async function rotateRefreshToken(ctx: ServiceContext, presented: string): Promise<IssuedTokens> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ tokenId: refreshTokens.id, rotatedAt: refreshTokens.rotatedAt, session: sessions, user: users })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(refreshTokens.tokenHash, hashOpaqueToken(presented)))
      .for("update", { of: refreshTokens });
    if (!found || found.session.revokedAt || !found.user.isActive) return { error: invalidRefreshToken() };
    if (found.session.expiresAt.getTime() <= Date.now()) {
      return { error: new DomainError("REFRESH_TOKEN_EXPIRED", "Refresh token has expired") };
    }
    if (found.rotatedAt) {
      await revokeSession(tx, found.session.id, "refresh_token_reuse");
      return { error: invalidRefreshToken() };
    }
    await tx.update(refreshTokens).set({ rotatedAt: sql`now()` }).where(eq(refreshTokens.id, found.tokenId));
    const refreshToken = await addRefreshToken(tx, found.session.id);
    const accessToken = await issueAccessToken(ctx, found.user, found.session.id);
    return { tokens: { accessToken, refreshToken, expiresIn: ctx.tokens.ttlSeconds } };
  });
  // The reuse revocation must commit, so the error is raised only after the transaction.
  if ("error" in outcome) throw outcome.error;
  return outcome.tokens;
}
