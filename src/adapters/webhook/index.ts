export { generateWebhookSecret, signWebhook, WEBHOOK_USER_AGENT, type WebhookMessage, type WebhookSecrets } from "./webhook-signature";
