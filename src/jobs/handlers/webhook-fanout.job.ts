import type { Database } from "../../db/client";
import { fanOutEvent, FANOUT_JOB } from "../../services/webhook";
import type { WebhookSettings } from "../../services/common";
import type { JobHandler } from "../job-handler";

/** Enqueued by the outbox trigger for an event some hook follows: prepares its deliveries. */
export function webhookFanoutJob(deps: { db: Database; webhooks: WebhookSettings }): JobHandler<{ eventId: number }> {
  return {
    name: FANOUT_JOB,
    run: (payload) => fanOutEvent(deps.db, deps.webhooks, payload.eventId),
  };
}
