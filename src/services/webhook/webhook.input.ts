import { z } from "zod";
import { idField } from "../common";
import { WEBHOOK_EVENTS } from "./webhook-events";

const MAX_URL_LENGTH = 2048;

const urlField = z
  .string({ error: "URL is required" })
  .trim()
  .min(1, "URL is required")
  .max(MAX_URL_LENGTH, `URL must be at most ${MAX_URL_LENGTH} characters`);

const eventsField = z
  .array(z.enum(WEBHOOK_EVENTS, { error: `Each event must be one of: ${WEBHOOK_EVENTS.join(", ")}` }), { error: "Events are required" })
  .min(1, "At least one event is required")
  .max(WEBHOOK_EVENTS.length, `At most ${WEBHOOK_EVENTS.length} events`)
  .transform((events) => [...new Set(events)]);

/** Users may bring their own secret; too short a one is guessable, so it has a floor. */
export const secretField = z
  .string()
  .min(12, "Secret must be at least 12 characters")
  .max(256, "Secret must be at most 256 characters")
  .refine((secret) => secret.trim() === secret && !/[\u0000-\u001f]/.test(secret), "Secret must not start or end with spaces or hold control characters");

const filtersField = z.object({ projectId: idField("Project id").nullish() }).nullish();

export const createWebhookSchema = z.object({
  url: urlField,
  events: eventsField,
  secret: secretField.nullish(),
  active: z.boolean().nullish(),
  filters: filtersField,
});

/** Every field optional: PUT and PATCH both change what they are given. */
export const updateWebhookSchema = z.object({
  url: urlField.optional(),
  events: eventsField.optional(),
  active: z.boolean().optional(),
  filters: filtersField,
});

export type CreateWebhookInput = z.output<typeof createWebhookSchema>;
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;
