import { randomUUID } from "node:crypto";
import { and, arrayOverlaps, eq, isNull, or } from "drizzle-orm";
import type { Database } from "../../db/client";
import { events, webhookDeliveries, webhooks, type EventRow } from "../../db/tables";
import { enqueue, enqueueAll } from "../../jobs";
import type { WebhookSettings } from "../common";
import { deliveryBody, eventData } from "./webhook-payload";

export const FANOUT_JOB = "webhook.fanout";
export const DELIVER_JOB = "webhook.deliver";

/** What a delivery is ordered by: deliveries of one hook about one thing go one at a time, in commit order. */
const orderingKey = (webhookId: string, event: EventRow) =>
  `webhook:${webhookId}:${event.issueId ?? event.projectId ?? event.subjectUserId ?? event.tenantId}`;

/** One attempt series of a delivery as a job; its attempts are the retries of the schedule plus the first. */
const deliveryJob = (settings: WebhookSettings, deliveryId: string, key?: string) => ({
  name: DELIVER_JOB,
  payload: { deliveryId },
  options: { key, maxAttempts: settings.retryScheduleSeconds.length + 1 },
});

export function enqueueDelivery(db: Database, settings: WebhookSettings, deliveryId: string, key?: string) {
  const job = deliveryJob(settings, deliveryId, key);
  return enqueue(db, job.name, job.payload, job.options);
}

/**
 * Turns a committed event into deliveries: one per hook that follows it and
 * per type of the event the hook follows (an update that moved the status is
 * `issue.updated` and `issue.status_changed`). Bodies are fixed here, so every
 * attempt sends the same bytes. Run again after a failure, it adds nothing twice.
 */
export async function fanOutEvent(db: Database, settings: WebhookSettings, eventId: number): Promise<void> {
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  if (!event) return;
  const followers = await db
    .select({ id: webhooks.id, events: webhooks.events })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.tenantId, event.tenantId),
        eq(webhooks.active, true),
        arrayOverlaps(webhooks.events, event.types),
        or(isNull(webhooks.projectId), event.projectId ? eq(webhooks.projectId, event.projectId) : undefined),
      ),
    );
  if (!followers.length) return;
  const data = await eventData(db, event);
  const deliveries = followers.flatMap((hook) =>
    event.types
      .filter((type) => hook.events.includes(type))
      .map((type) => {
        const id = randomUUID();
        const body = deliveryBody({ event: type, timestamp: event.createdAt, webhookId: hook.id, deliveryId: id, data });
        return { id, tenantId: event.tenantId, webhookId: hook.id, eventId: event.id, event: type, body };
      }),
  );
  await db.transaction(async (tx) => {
    const created = await tx.insert(webhookDeliveries).values(deliveries).onConflictDoNothing().returning({ id: webhookDeliveries.id, webhookId: webhookDeliveries.webhookId });
    await enqueueAll(tx, created.map((delivery) => deliveryJob(settings, delivery.id, orderingKey(delivery.webhookId, event))));
  });
}
