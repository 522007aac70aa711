import { loadSecretKey, secretBox } from "../auth/secret-box";
import type { Config } from "../config";
import type { WebhookSettings } from "../services/common";

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
