import type { Logger } from "pino";
import type { AccessTokenSettings } from "../../auth/access-token";
import type { Actor } from "../../auth/actor";
import type { Database } from "../../db/client";
import type { DomainError } from "../../errors/domain-error";
import type { LoginGuard } from "./login-guard";
import type { MailTransport } from "../../adapters/mail/mail-transport";
import type { UserViewCache } from "../../db/queries/user-view-cache";
import type { SecretBox } from "../../auth/secret-box";

/** Settings the services need, lifted from the config at boot. */
export interface ServiceSettings {
  refreshTokenTtlSeconds: number;
  allowRegistration: boolean;
  loginMaxFailures: number;
  loginLockSeconds: number;
  passwordResetUrl: string;
  passwordResetTtlSeconds: number;
  /** Seed 000 §16: the test-data routes answer only outside production. */
  testDataEnabled: boolean;
}

/** How webhooks are registered and delivered (seed 001 §14), lifted from the config at boot. */
export interface WebhookSettings {
  /** Seals signing secrets at rest. */
  secrets: SecretBox;
  /** Hosts that may resolve to private addresses (tests' loopback receivers). */
  allowedHosts: readonly string[];
  /** Production refuses `http` URLs. */
  requireHttps: boolean;
  timeoutMs: number;
  /** Seconds before each retry; its length is the number of retries. */
  retryScheduleSeconds: readonly number[];
  /** Deliveries failing in a row (retries exhausted) that disable a hook. */
  disableAfterFailures: number;
}

/** Process-wide dependencies, built once at boot. */
export interface ServiceDeps {
  db: Database;
  tokens: AccessTokenSettings;
  mail: MailTransport;
  log: Logger;
  settings: ServiceSettings;
  loginGuard: LoginGuard;
  /** Users as other rows show them; forget a user here when changing one. */
  userViews: UserViewCache;
  webhooks: WebhookSettings;
}

/** What every service function receives: the dependencies plus who is acting. */
export interface ServiceContext extends ServiceDeps {
  actor: Actor | null;
  /** Why a presented token was refused, when it was: the answer to give where a user is required. */
  authFailure?: DomainError | null;
  requestId: string;
  /** The client's address: rate limits count anonymous callers by it, and sign-in locks by account and address. */
  clientIp: string;
}

export interface AuthenticatedContext extends ServiceContext {
  actor: Actor;
}
