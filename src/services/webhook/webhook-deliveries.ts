import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhookDeliveries, webhookDeliveryAttempts, type WebhookDeliveryAttemptRow, type WebhookDeliveryRow, type WebhookRow } from "../../db/tables";
import { afterCursor, cursorKey, orderTerms, sortKey, type ListOrder } from "../../db/queries/keyset";
import { pageOf, probeLimit, totalOf, type Page, type PageWindow } from "../../db/queries/pagination";
import { isUuid } from "../../db/uuid";
import { DomainError, notFound } from "../../errors/domain-error";
import type { AuthenticatedContext } from "../common";
import { requireManageableWebhook } from "./webhook-access";
import { PING_EVENT } from "./webhook-events";
import { enqueueDelivery } from "./webhook-fanout";
import { deliveryBody, userRef } from "./webhook-payload";
import { assertActive } from "./webhook.service";

/** A delivery as its log shows it: every attempt, oldest first. */
export interface LoggedDelivery extends WebhookDeliveryRow {
  attempts: WebhookDeliveryAttemptRow[];
}

const DELIVERY_ORDER: ListOrder = {
  tag: "webhook_delivery:-created_at",
  terms: [
    { ...sortKey(webhookDeliveries.createdAt), descending: true },
    { ...sortKey(webhookDeliveries.id), descending: true },
  ],
};

async function withAttempts(db: Database, deliveries: WebhookDeliveryRow[]): Promise<LoggedDelivery[]> {
  if (!deliveries.length) return [];
  const attempts = await db
    .select()
    .from(webhookDeliveryAttempts)
    .where(inArray(webhookDeliveryAttempts.deliveryId, deliveries.map((delivery) => delivery.id)))
    .orderBy(asc(webhookDeliveryAttempts.attemptedAt), asc(webhookDeliveryAttempts.id));
  return deliveries.map((delivery) => ({ ...delivery, attempts: attempts.filter((attempt) => attempt.deliveryId === delivery.id) }));
}

/** The delivery log of a hook the caller read through `getWebhook` or `listWebhooks`, newest first, each delivery with its attempts. */
export async function listWebhookDeliveries(ctx: AuthenticatedContext, hook: WebhookRow, window: PageWindow): Promise<Page<LoggedDelivery>> {
  const where = eq(webhookDeliveries.webhookId, hook.id);
  const counted = ctx.db.select({ value: count() }).from(webhookDeliveries).where(where);
  const rows = await ctx.db
    .select({ row: webhookDeliveries, key: cursorKey(DELIVERY_ORDER), total: totalOf(counted) })
    .from(webhookDeliveries)
    .where(window.after ? and(where, afterCursor(DELIVERY_ORDER, window.after)) : where)
    .orderBy(...orderTerms(DELIVERY_ORDER))
    .limit(probeLimit(window))
    .offset(window.offset);
  const page = pageOf(window, DELIVERY_ORDER, rows, async () => (await counted)[0]!.value);
  return { ...page, rows: await withAttempts(ctx.db, page.rows) };
}

/** Sends a `ping` delivery now, to check the receiver and its signature verification. */
export async function pingWebhook(ctx: AuthenticatedContext, webhookId: string): Promise<LoggedDelivery> {
  const hook = await requireManageableWebhook(ctx, webhookId);
  assertActive(hook);
  const id = randomUUID();
  const data = { webhook: { id: hook.id, url: hook.url, events: hook.events }, user: await userRef(ctx.db, ctx.actor.userId) };
  const body = deliveryBody({ event: PING_EVENT, timestamp: new Date(), webhookId: hook.id, deliveryId: id, data });
  return ctx.db.transaction(async (tx) => {
    const [delivery] = await tx.insert(webhookDeliveries).values({ id, tenantId: hook.tenantId, webhookId: hook.id, event: PING_EVENT, body }).returning();
    await enqueueDelivery(tx, ctx.webhooks, id);
    return { ...delivery!, attempts: [] };
  });
}

/**
 * Sends a settled delivery again, same id and body, with a fresh series of
 * attempts; its log keeps the earlier ones. One still being delivered answers 409.
 */
export async function redeliverWebhookDelivery(ctx: AuthenticatedContext, webhookId: string, deliveryId: string): Promise<LoggedDelivery> {
  const hook = await requireManageableWebhook(ctx, webhookId);
  if (!isUuid(deliveryId)) throw notFound("Delivery");
  assertActive(hook);
  return ctx.db.transaction(async (tx) => {
    const [delivery] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, hook.id)))
      .for("update");
    if (!delivery) throw notFound("Delivery");
    if (delivery.status === "pending") throw new DomainError("RESOURCE_CONFLICT", "The delivery is still being delivered");
    const [reopened] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", completedAt: null, nextAttemptAt: sql`now()` })
      .where(eq(webhookDeliveries.id, delivery.id))
      .returning();
    await enqueueDelivery(tx, ctx.webhooks, delivery.id);
    const [logged] = await withAttempts(tx, [reopened!]);
    return logged!;
  });
}
