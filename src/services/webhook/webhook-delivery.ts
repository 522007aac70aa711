import { and, eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { deliverWebhook, type WebhookSecrets } from "../../adapters/webhook";
import type { Database } from "../../db/client";
import { users, webhookDeliveries, webhookDeliveryAttempts, webhooks, type WebhookDeliveryRow, type WebhookRow } from "../../db/tables";
import type { WebhookSettings } from "../common";
import { ownerJoin, ownerLostAccess, ownerStanding } from "./webhook-access";

export interface DeliveryDeps {
  db: Database;
  webhooks: WebhookSettings;
  log: Logger;
}

const GONE = 410;

/** Turns a hook off with the reason both doors show; re-enabling it is an update. */
async function disable(db: Database, hook: WebhookRow, reason: string, log: Logger): Promise<void> {
  await db
    .update(webhooks)
    .set({ active: false, disabledReason: reason, disabledAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(webhooks.id, hook.id), eq(webhooks.active, true)));
  log.warn({ webhookId: hook.id, reason }, "webhook disabled");
}

function finish(db: Database, delivery: Pick<WebhookDeliveryRow, "id">, status: "succeeded" | "failed") {
  return db
    .update(webhookDeliveries)
    .set({ status, completedAt: sql`now()`, nextAttemptAt: null })
    .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, "pending")));
}

/** A delivery whose job was parked (it failed inside, not at the receiver) is failed, not left pending. */
export async function abandonDelivery(deps: DeliveryDeps, deliveryId: string, reason: string): Promise<void> {
  await finish(deps.db, { id: deliveryId }, "failed");
  deps.log.error({ deliveryId, reason }, "webhook delivery given up");
}

/** The secrets that sign now: the current one, and during a rotation the previous one. */
function signingSecrets(settings: WebhookSettings, hook: WebhookRow): WebhookSecrets {
  const current = settings.secrets.open(hook.secretCiphertext);
  const overlapping = hook.previousSecretCiphertext && hook.previousSecretExpiresAt && hook.previousSecretExpiresAt > new Date();
  return overlapping ? [current, settings.secrets.open(hook.previousSecretCiphertext!)] : [current];
}

/** Which attempt this is, of how many, and what interrupts it. */
export interface DeliveryAttempt {
  /** Counts from 1. */
  attempt: number;
  maxAttempts: number;
  signal?: AbortSignal;
}

/**
 * One attempt of a delivery. Returns the milliseconds to wait before the next
 * attempt, or null when the delivery is settled: delivered, given up, or not
 * to be made (the hook was deleted or disabled, or its owner can no longer see
 * what it carries, which also disables the hook). An interrupted attempt
 * throws the signal's reason and records nothing: it is made again.
 */
export async function attemptDelivery(deps: DeliveryDeps, deliveryId: string, { attempt: attemptNumber, maxAttempts, signal }: DeliveryAttempt): Promise<number | null> {
  const { db, webhooks: settings, log } = deps;
  const [found] = await db
    .select({ delivery: webhookDeliveries, hook: webhooks, owner: ownerStanding })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .leftJoin(users, ownerJoin)
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!found || found.delivery.status !== "pending") return null;
  const { delivery, hook } = found;
  if (!hook.active) {
    await finish(db, delivery, "failed");
    return null;
  }
  const lost = ownerLostAccess(hook, found.owner ?? { isActive: false, roles: null, projectRole: null });
  if (lost) {
    await disable(db, hook, `Deliveries stopped: ${lost}`, log);
    await finish(db, delivery, "failed");
    return null;
  }
  const attemptedAt = new Date();
  const outcome = await deliverWebhook(
    {
      url: hook.url,
      deliveryId: delivery.id,
      event: delivery.event,
      timestamp: Math.floor(attemptedAt.getTime() / 1000),
      body: delivery.body,
      secrets: signingSecrets(settings, hook),
    },
    { timeoutMs: settings.timeoutMs, allowedHosts: settings.allowedHosts, signal },
  );
  if (signal?.aborted) throw signal.reason;
  // The job's attempts decide the last one: a failed job put back for one more attempt gets the schedule's last delay.
  const schedule = settings.retryScheduleSeconds;
  const delaySeconds = schedule[Math.min(attemptNumber, schedule.length) - 1] ?? 0;
  const retryInMs = outcome.ok || outcome.status === GONE || attemptNumber >= maxAttempts ? null : Math.max(delaySeconds * 1000, outcome.retryAfterMs ?? 0);
  // The attempt and what it makes of the delivery, in one statement.
  const attempt = db.$with("attempt").as(
    db
      .insert(webhookDeliveryAttempts)
      .values({
        deliveryId: delivery.id,
        attemptedAt,
        durationMs: Math.round(outcome.durationMs),
        responseStatus: outcome.status,
        responseBody: outcome.bodyPrefix,
        error: outcome.error,
      })
      .returning({ id: webhookDeliveryAttempts.id }),
  );
  await db
    .with(attempt)
    .update(webhookDeliveries)
    .set(
      retryInMs === null
        ? { status: outcome.ok ? "succeeded" : "failed", completedAt: sql`now()`, nextAttemptAt: null }
        : { nextAttemptAt: new Date(Date.now() + retryInMs) },
    )
    .where(eq(webhookDeliveries.id, delivery.id));
  if (outcome.ok) {
    if (hook.consecutiveFailures > 0) await db.update(webhooks).set({ consecutiveFailures: 0 }).where(eq(webhooks.id, hook.id));
    return null;
  }
  if (outcome.status === GONE) {
    await disable(db, hook, "The receiver answered 410 Gone", log);
    return null;
  }
  if (retryInMs !== null) return retryInMs;
  const [counted] = await db
    .update(webhooks)
    .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` })
    .where(eq(webhooks.id, hook.id))
    .returning({ failures: webhooks.consecutiveFailures });
  if (counted && counted.failures >= settings.disableAfterFailures) {
    await disable(db, hook, `${counted.failures} deliveries in a row failed after every retry`, log);
  }
  return null;
}
