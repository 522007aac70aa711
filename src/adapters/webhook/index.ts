export { generateWebhookSecret, signWebhook, WEBHOOK_USER_AGENT, type WebhookMessage, type WebhookSecrets } from "./webhook-signature";
export { deliverWebhook, DEFAULT_WEBHOOK_TIMEOUT_MS, type DeliveryOptions, type WebhookRequest } from "./webhook-request";
export { MAX_RETRY_AFTER_MS, type DeliveryOutcome } from "./delivery-outcome";
export { assertPublicUrl, MAX_WEBHOOK_URL_LENGTH, type PublicUrlOptions, type ResolveHost, type UrlCheck, type UrlRefusalCode } from "./public-url";
