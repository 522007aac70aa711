import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { idColumn, createdAtColumn, updatedAtColumn } from "./columns";
import { tenantIdColumn } from "./tenants";
import { users } from "./users";
import { projects } from "./projects";

/**
 * An outgoing webhook (seed 001 §14). Secrets are stored only encrypted
 * (AES-256-GCM); during a rotation the previous secret signs too until it
 * expires. A hook disabled by failures keeps why and when.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    url: text("url").notNull(),
    /** §14.1 event types it receives. */
    events: text("events").array().notNull(),
    /** `filters.project_id`: only events of this project. */
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    active: boolean("active").notNull().default(true),
    /**
     * Deliveries are made on this user's behalf (the creator, or whoever last
     * saved the hook): they stop when the owner can no longer see what they carry.
     */
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    secretCiphertext: text("secret_ciphertext").notNull(),
    previousSecretCiphertext: text("previous_secret_ciphertext"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    /** Failed deliveries in a row (attempts that exhausted their retries); reset by a success. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: updatedAtColumn(),
  },
  (table) => [
    index("webhooks_tenant_created_idx").on(table.tenantId, table.createdAt, table.id),
    index("webhooks_tenant_active_idx").on(table.tenantId).where(sql`${table.active}`),
  ],
);

/** One event (or ping) to one hook: its body is fixed when prepared, so every attempt sends the same bytes. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: idColumn(),
    tenantId: tenantIdColumn(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    /** The outbox event; null for a ping. */
    eventId: bigint("event_id", { mode: "number" }),
    event: text("event").notNull(),
    body: text("body").notNull(),
    /** `pending` (being delivered or waiting to retry), `succeeded`, or `failed` (retries exhausted, or the hook was disabled). */
    status: text("status").notNull().default("pending"),
    /** When the next retry is due, while one is. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_once_idx").on(table.webhookId, table.eventId, table.event),
    index("webhook_deliveries_log_idx").on(table.webhookId, table.createdAt, table.id),
    index("webhook_deliveries_created_idx").on(table.createdAt),
  ],
);

/** One HTTP attempt of a delivery, as the delivery log shows it. */
export const webhookDeliveryAttempts = pgTable(
  "webhook_delivery_attempts",
  {
    id: idColumn(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    /** The receiver's status; null when no response came (timeout, refused connection, blocked address). */
    responseStatus: integer("response_status"),
    /** The first 1 KB of the response body. */
    responseBody: text("response_body"),
    error: text("error"),
  },
  (table) => [index("webhook_delivery_attempts_delivery_idx").on(table.deliveryId, table.attemptedAt)],
);

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookDeliveryAttemptRow = typeof webhookDeliveryAttempts.$inferSelect;
