import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import { DomainError } from "../errors/domain-error";
import type { SigningKeys } from "./signing-keys";

export interface AccessTokenSettings {
  keys: SigningKeys;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessTokenSubject {
  userId: string;
  tenantId: string;
  sessionId: string;
  roles: readonly string[];
  permissions: readonly string[];
}

export interface VerifiedAccessToken {
  userId: string;
  tenantId: string;
  sessionId: string;
  jti: string;
  expiresAt: Date;
}

const ALG = "RS256";
const CLOCK_TOLERANCE_SECONDS = 60;

/** Signs the §2.1 claims plus `sid`, the session the token belongs to. */
export async function signAccessToken(settings: AccessTokenSettings, subject: AccessTokenSubject): Promise<string> {
  return new SignJWT({
    roles: [...subject.roles],
    permissions: [...subject.permissions],
    tenant_id: subject.tenantId,
    sid: subject.sessionId,
  })
    .setProtectedHeader({ alg: ALG, typ: "JWT", kid: settings.keys.kid })
    .setSubject(subject.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${settings.ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(settings.keys.privateKey);
}

const isString = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/** Tokens whose signature already verified, per settings. */
const verified = new WeakMap<AccessTokenSettings, LRUCache<string, VerifiedAccessToken>>();
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Verifies signature (RS256 only, so `none` and HS256-with-the-public-key are
 * refused), issuer, audience and expiry with 60 s of clock skew.
 *
 * A client sends the same token with every request until it expires, and an
 * RSA verification is the largest fixed cost of a request. So a token that
 * verified is remembered (up to 10,000, the least recently used forgotten
 * first) and afterwards only its expiry is checked. Nothing else of a token
 * can change: the claims are signed, and whether its session is still live
 * is asked of the database on every request anyway.
 */
export async function verifyAccessToken(settings: AccessTokenSettings, token: string): Promise<VerifiedAccessToken> {
  let cache = verified.get(settings);
  if (!cache) verified.set(settings, (cache = new LRUCache({ max: VERIFIED_CACHE_SIZE })));
  const known = cache.get(token);
  if (known) {
    if (Date.now() < known.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) return known;
    cache.delete(token);
    throw new DomainError("TOKEN_EXPIRED", "Access token has expired");
  }
  const claims = await verifySignedToken(settings, token);
  cache.set(token, claims);
  return claims;
}

async function verifySignedToken(settings: AccessTokenSettings, token: string): Promise<VerifiedAccessToken> {
  try {
    const { payload } = await jwtVerify(token, settings.keys.publicKey, {
      algorithms: [ALG],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["sub", "exp", "iat", "jti"],
    });
    const { sub, jti, tenant_id: tenantId, sid: sessionId, exp } = payload;
    if (!isString(sub) || !isString(jti) || !isString(tenantId) || !isString(sessionId) || typeof exp !== "number") {
      throw new DomainError("TOKEN_INVALID", "Invalid access token");
    }
    return { userId: sub, tenantId, sessionId, jti, expiresAt: new Date(exp * 1000) };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new DomainError("TOKEN_EXPIRED", "Access token has expired");
    if (error instanceof DomainError) throw error;
    throw new DomainError("TOKEN_INVALID", "Invalid access token");
  }
}
