export * as auth from "./auth.service";
export { pruneLoginFailures } from "./login-lock";
export { LOCK_NOTICE_JOB, RESET_LINK_JOB, mailLockNotice, mailResetLink, type MailDeps } from "./account-mail";
