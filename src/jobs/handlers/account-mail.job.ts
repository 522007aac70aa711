import { LOCK_NOTICE_JOB, mailLockNotice, mailResetLink, RESET_LINK_JOB, type MailDeps } from "../../services/auth";
import type { JobHandler } from "../job-handler";

/** Forgot-password: looks the address up and mails a link if it belongs to an active user. */
export const resetLinkJob = (deps: MailDeps): JobHandler<{ email: string }> => ({
  name: RESET_LINK_JOB,
  run: (payload) => mailResetLink(deps, payload.email),
});

/** Tells an account's owner it was locked after failed sign-ins from one address. */
export const lockNoticeJob = (deps: MailDeps): JobHandler<{ userId: string; address: string }> => ({
  name: LOCK_NOTICE_JOB,
  run: (payload) => mailLockNotice(deps, payload.userId, payload.address),
});
