import { and, eq, sql } from "drizzle-orm";
import { newOpaqueToken } from "../../auth/opaque-token";
import { passwordResetTokens, users } from "../../db/tables";
import type { ServiceDeps } from "../common";
import * as loginLock from "./login-lock";

/** Jobs enqueued by sign-in and forgot-password; the mails they send carry secrets, so they are made by the job, not stored in it. */
export const RESET_LINK_JOB = "auth.reset-link";
export const LOCK_NOTICE_JOB = "auth.lock-notice";

export type MailDeps = Pick<ServiceDeps, "db" | "mail" | "settings">;

/** Stores a single-use reset token for the user and returns the link that carries it. */
async function issueResetLink(deps: MailDeps, userId: string): Promise<string> {
  const { token, hash } = newOpaqueToken();
  const expiresAt = new Date(Date.now() + deps.settings.passwordResetTtlSeconds * 1000);
  await deps.db.insert(passwordResetTokens).values({ userId, tokenHash: hash, expiresAt });
  return `${deps.settings.passwordResetUrl}?token=${encodeURIComponent(token)}`;
}

/** Mails a reset link when the address belongs to an active user; otherwise nothing. A retry mails a fresh link. */
export async function mailResetLink(deps: MailDeps, email: string): Promise<void> {
  const [user] = await deps.db
    .select()
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email.toLowerCase()), eq(users.isActive, true)));
  if (!user) return;
  const link = await issueResetLink(deps, user.id);
  await deps.mail.send({
    to: user.email,
    subject: "Reset your password",
    text: `Hello ${user.firstName},\n\nUse this link within the next hour to choose a new password:\n${link}\n\nIf you did not ask for this, ignore this mail.`,
  });
}

/**
 * Tells the owner their account was locked and how to unlock it: the mail
 * carries a reset link, as forgot-password would. One mail per attack: none
 * while another address's lock is running, or for a deactivated user.
 */
export async function mailLockNotice(deps: MailDeps, userId: string, address: string): Promise<void> {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user?.isActive || (await loginLock.lockedElsewhere(deps.db, user.id, address))) return;
  const minutes = Math.ceil(deps.settings.loginLockSeconds / 60);
  const link = await issueResetLink(deps, user.id);
  await deps.mail.send({
    to: user.email,
    subject: "Your account was locked after failed sign-ins",
    text:
      `Hello ${user.firstName},\n\n` +
      `After ${deps.settings.loginMaxFailures} failed sign-in attempts from the address ${address}, ` +
      `we locked your account against sign-ins from that address for ${minutes} minute${minutes === 1 ? "" : "s"}. Sign-ins from other addresses still work.\n\n` +
      `If this was not you, someone may be guessing your password: choose a new one with this link, which also lifts the lock ` +
      `(valid for one hour, once):\n${link}\n\n` +
      `You can also ask for a new link at any time with "Forgot password".`,
  });
}
