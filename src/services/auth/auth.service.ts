import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { hashOpaqueToken } from "../../auth/opaque-token";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../../auth/password";
import { passwordResetTokens, tenants, users, type UserRow } from "../../db/tables";
import { DomainError } from "../../errors/domain-error";
import type { FieldError } from "../../errors/error-codes";
import { type AuthenticatedContext, type ServiceContext, emailField, fullNameField, newPasswordField, personNameField, tenantNameField, usernameField, inputProblems, parseInput } from "../common";
import { revokeSession, revokeUserSessions, rotateRefreshToken, startSession, type IssuedTokens } from "../session";
import { appendEvents } from "../../events/outbox";
import { availableUsername, insertUser, usernameFrom } from "../user";
import * as loginLock from "./login-lock";
import { enqueue } from "../../jobs";
import { LOCK_NOTICE_JOB, RESET_LINK_JOB } from "./account-mail";

export interface AuthResult extends IssuedTokens {
  user: UserRow;
}

const registration = { email: emailField, password: newPasswordField, tenantName: tenantNameField.nullish() };

/** The body with a username, first and last name. */
const registerSchema = z.object({
  ...registration,
  username: usernameField,
  firstName: personNameField("First name"),
  lastName: personNameField("Last name"),
});

const notWithName = z.null({ error: "Give either name or first and last name, not both" }).optional();

/** Seed 002's body: one `name`; the username is derived from it unless given. */
const registerByNameSchema = z.object({
  ...registration,
  name: fullNameField,
  username: usernameField.nullish(),
  firstName: notWithName,
  lastName: notWithName,
});

/** Which body `input` is: a `name` (even a blank one) makes it seed 002's. */
const givesName = (input: unknown) => typeof input === "object" && input !== null && (input as { name?: unknown }).name != null;

interface Registration {
  email: string;
  password: string;
  tenantName?: string | null;
  /** Null: derive one from the name. */
  username: string | null;
  firstName: string;
  lastName: string;
}

/**
 * A full name as first and last name: the last word is the last name, the
 * words before it the first name. A single word is a first name with an
 * empty last name (the column allows it; repeating the word would invent a
 * surname).
 */
function splitName(name: string): { firstName: string; lastName: string } {
  const words = name.split(/\s+/);
  if (words.length === 1) return { firstName: name, lastName: "" };
  return { firstName: words.slice(0, -1).join(" "), lastName: words.at(-1)! };
}

function readRegistration(input: unknown): Registration {
  if (!givesName(input)) return parseInput(registerSchema, input);
  const { name, username, firstName: _first, lastName: _last, ...rest } = parseInput(registerByNameSchema, input);
  return { ...rest, username: username ?? null, ...splitName(name) };
}

const loginSchema = z.object({
  email: z.string({ error: "Email is required" }).trim().min(1, "Email is required").max(255, "Email must be at most 255 characters"),
  password: z.string({ error: "Password is required" }).min(1, "Password is required").max(128, "Password must be at most 128 characters"),
});

const resetSchema = z.object({
  token: z.string({ error: "Token is required" }).min(1, "Token is required").max(200, "Token must be at most 200 characters"),
  password: newPasswordField,
});

/**
 * What `register` refuses in `input` before acting, for a door that reports
 * it beside its own checks. `refused` names fields the door already refused
 * and left out of `input`: a refused `name` still makes it seed 002's body.
 */
export function registerProblems(input: unknown, refused: ReadonlySet<string> = new Set()): FieldError[] {
  return inputProblems(givesName(input) || refused.has("name") ? registerByNameSchema : registerSchema, input);
}

/** What `login` refuses in `input` before checking credentials. */
export const loginProblems = (input: unknown) => inputProblems(loginSchema, input);

/** What `resetPassword` refuses in `input` before checking the token. */
export const resetPasswordProblems = (input: unknown) => inputProblems(resetSchema, input);

const invalidCredentials = () => new DomainError("INVALID_CREDENTIALS", "Invalid email or password");

const accountLocked = (until: Date) =>
  new DomainError("ACCOUNT_LOCKED", "Account temporarily locked", { locked_until: until.toISOString() });

/**
 * Creates a workspace and its first user, an administrator, and logs them
 * in. The user gives a username, first and last name, or (seed 002) one
 * `name`, from which the names are split and, unless given, a username is
 * derived, unique in the workspace.
 */
export async function register(ctx: ServiceContext, input: unknown): Promise<AuthResult> {
  if (!ctx.settings.allowRegistration) {
    throw new DomainError("REGISTRATION_DISABLED", "Registration of new workspaces is disabled");
  }
  const data = readRegistration(input);
  const passwordHash = await hashPassword(data.password);
  const fullName = [data.firstName, data.lastName].filter(Boolean).join(" ");
  return ctx.db.transaction(async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({ name: data.tenantName ?? `${fullName}'s workspace` })
      .returning();
    const user = await insertUser(tx, {
      tenantId: tenant!.id,
      email: data.email,
      username: data.username ?? (await availableUsername(tx, tenant!.id, usernameFrom(fullName, data.email))),
      firstName: data.firstName,
      lastName: data.lastName,
      passwordHash,
      roles: ["user", "admin"],
    });
    await appendEvents(tx, { type: "user.created", tenantId: user.tenantId, actorId: user.id, subjectUserId: user.id });
    return { user, ...(await startSession(ctx, tx, user)) };
  });
}

/**
 * Checks credentials. Unknown emails cost as much time as wrong passwords and
 * get the same answer. `LOGIN_MAX_FAILURES` consecutive failures from one
 * client address lock the account from that address for
 * `LOGIN_LOCK_SECONDS` (the failure that locks already answers 423) and mail
 * the owner; other addresses can still sign in. IPv6 clients count by /64. Failures also count per
 * account across addresses (the login guard), known account or not, and
 * past its limit every attempt answers 429 unchecked.
 */
export async function login(ctx: ServiceContext, input: unknown): Promise<AuthResult> {
  const { email, password } = parseInput(loginSchema, input);
  const address = loginLock.signInAddress(ctx.clientIp);
  await ctx.loginGuard.check(email);
  const [user] = await ctx.db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!user) {
    await verifyAgainstDummy(password);
    await ctx.loginGuard.recordFailure(email, address);
    throw invalidCredentials();
  }
  const matches = await verifyPassword(password, user.passwordHash);
  const locked = await loginLock.lockedUntil(ctx.db, user.id, address);
  if (locked) throw accountLocked(locked);
  if (!matches) {
    await ctx.loginGuard.recordFailure(email, address);
    const failure = await loginLock.countFailure(ctx.db, user.id, address, {
      maxFailures: ctx.settings.loginMaxFailures,
      lockSeconds: ctx.settings.loginLockSeconds,
    });
    if (failure.locked) await enqueue(ctx.db, LOCK_NOTICE_JOB, { userId: user.id, address });
    if (failure.lockedUntil) throw accountLocked(failure.lockedUntil);
    throw invalidCredentials();
  }
  if (!user.isActive) throw invalidCredentials();
  const signedIn = await ctx.db.transaction(async (tx) =>
    (await loginLock.clearFailures(tx, user.id, address)) ? { user, ...(await startSession(ctx, tx, user)) } : null,
  );
  if (!signedIn) throw accountLocked((await loginLock.lockedUntil(ctx.db, user.id, address)) ?? new Date());
  return signedIn;
}

export async function refresh(ctx: ServiceContext, input: { refreshToken?: unknown }): Promise<IssuedTokens> {
  const token = input.refreshToken;
  if (typeof token !== "string" || token.length === 0 || token.length > 200) {
    throw new DomainError("TOKEN_INVALID", "Invalid refresh token");
  }
  return rotateRefreshToken(ctx, token);
}

/** Ends the caller's session: its refresh tokens and every access token it issued stop working. */
export async function logout(ctx: AuthenticatedContext): Promise<void> {
  await revokeSession(ctx.db, ctx.actor.sessionId, "logout");
}

/**
 * Mails a single-use reset link when the address belongs to an active user.
 * The answer never reveals whether it does: it only enqueues the job that
 * looks the address up, so known and unknown addresses answer equally fast,
 * and a crash after the answer loses nothing.
 */
export async function forgotPassword(ctx: ServiceContext, input: { email?: unknown }): Promise<void> {
  const { email } = parseInput(z.object({ email: emailField }), input);
  await enqueue(ctx.db, RESET_LINK_JOB, { email });
}


/** Sets a new password from a reset token, unlocks the account and signs out every session. */
export async function resetPassword(ctx: ServiceContext, input: unknown): Promise<void> {
  const { token, password } = parseInput(resetSchema, input);
  const passwordHash = await hashPassword(password);
  const userId = await ctx.db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashOpaqueToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!claimed) return null;
    const [user] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.id, claimed.userId))
      .returning({ id: users.id, tenantId: users.tenantId });
    await appendEvents(tx, { type: "user.updated", tenantId: user!.tenantId, actorId: user!.id, subjectUserId: user!.id, payload: { changes: ["password"] } });
    // Other outstanding links for the account die with this one.
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResetTokens.userId, claimed.userId), isNull(passwordResetTokens.usedAt)));
    await revokeUserSessions(tx, claimed.userId, "password_reset");
    await loginLock.clearAccountFailures(tx, claimed.userId);
    return user!.id;
  });
  if (!userId) throw new DomainError("RESET_TOKEN_INVALID", "Password reset token is invalid or has expired");
  ctx.userViews.forget(userId);
}
