export { generateWebhookSecret, signWebhook, WEBHOOK_USER_AGENT, type WebhookMessage, type WebhookSecrets } from "./webhook-signature";
export { assertPublicUrl, MAX_WEBHOOK_URL_LENGTH, type PublicUrlOptions, type ResolveHost, type UrlCheck, type UrlRefusalCode } from "./public-url";
