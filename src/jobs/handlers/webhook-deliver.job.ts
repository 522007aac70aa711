import { abandonDelivery, attemptDelivery, DELIVER_JOB, type DeliveryDeps } from "../../services/webhook";
import { RetryJob, type JobHandler } from "../job-handler";

/** One attempt of a delivery per run; the delivery decides when (and whether) the next one comes. */
export function webhookDeliverJob(deps: DeliveryDeps): JobHandler<{ deliveryId: string }> {
  return {
    name: DELIVER_JOB,
    // Twice the request's timeout: room to read the hook and record the attempt; renewed while it runs.
    leaseMs: 2 * deps.webhooks.timeoutMs,
    async run(payload, job) {
      const retryInMs = await attemptDelivery(deps, payload.deliveryId, job);
      if (retryInMs !== null) throw new RetryJob(`delivery ${payload.deliveryId} not accepted; retrying`, retryInMs);
    },
    parked: (payload, reason) => abandonDelivery(deps, payload.deliveryId, reason),
  };
}
