export * as webhooks from "./webhook.service";
export * as webhookDeliveries from "./webhook-deliveries";
export type { WebhookWithSecret, RotatedSecret } from "./webhook.service";
export type { LoggedDelivery } from "./webhook-deliveries";
export { WEBHOOK_EVENTS, type WebhookEvent } from "./webhook-events";
export { FANOUT_JOB, DELIVER_JOB, fanOutEvent } from "./webhook-fanout";
export { abandonDelivery, attemptDelivery, type DeliveryAttempt, type DeliveryDeps } from "./webhook-delivery";
export { webhookKeyOpensStoredSecrets } from "./webhook-key-check";
