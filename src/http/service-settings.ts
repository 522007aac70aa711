import { loadSecretKey, secretBox } from "../auth/secret-box";
import { ConfigError, type Config } from "../config";
import type { Database } from "../db/client";
import type { ServiceSettings, WebhookSettings } from "../services/common";
import { webhookKeyOpensStoredSecrets } from "../services/webhook";

const PASSWORD_RESET_TTL_SECONDS = 3600;

/** The services' settings, for the API and for `npm run worker` alike. */
export function serviceSettings(config: Config): ServiceSettings {
  return {
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL,
    allowRegistration: config.ALLOW_REGISTRATION,
    loginMaxFailures: config.LOGIN_MAX_FAILURES,
    loginLockSeconds: config.LOGIN_LOCK_SECONDS,
    passwordResetUrl: config.PASSWORD_RESET_URL,
    passwordResetTtlSeconds: PASSWORD_RESET_TTL_SECONDS,
    testDataEnabled: config.NODE_ENV !== "production",
  };
}

/** The webhook settings of the API and of `npm run worker`, which must agree (the worker opens the secrets the API sealed). */
export function webhookSettings(config: Config): WebhookSettings {
  return {
    secrets: secretBox(loadSecretKey({ configured: config.WEBHOOK_SECRET_KEY, dataDir: config.DATA_DIR, fileName: "webhook-secret.key" })),
    allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
    requireHttps: config.NODE_ENV === "production",
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retryScheduleSeconds: config.WEBHOOK_RETRY_SCHEDULE,
    disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
  };
}

/** Refuses to start a process whose webhook key cannot open the secrets other processes sealed. */
export async function assertWebhookKeyMatches(db: Database, settings: WebhookSettings): Promise<void> {
  if (await webhookKeyOpensStoredSecrets(db, settings)) return;
  throw new ConfigError(
    "WEBHOOK_SECRET_KEY: this key does not open the webhook secrets in the database; every API and worker process needs the same key (set WEBHOOK_SECRET_KEY, or share DATA_DIR)",
  );
}
