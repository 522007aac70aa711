import type { Logger } from "pino";
import type { Database } from "../../db/client";
import type { MailDeps } from "../../services/auth";
import type { WebhookSettings } from "../../services/common";
import type { JobHandler } from "../job-handler";
import { housekeepingJob } from "../housekeeping";
import { lockNoticeJob, resetLinkJob } from "./account-mail.job";
import { webhookDeliverJob } from "./webhook-deliver.job";
import { webhookFanoutJob } from "./webhook-fanout.job";

/** What the jobs need, built once by whichever process runs them (the API, or `npm run worker`). */
export interface JobDeps extends MailDeps {
  db: Database;
  log: Logger;
  webhooks: WebhookSettings;
  eventRetentionDays: number;
}

/** Every job this code base runs. */
export function jobHandlers(deps: JobDeps): JobHandler[] {
  return [
    resetLinkJob(deps),
    lockNoticeJob(deps),
    webhookFanoutJob(deps),
    webhookDeliverJob(deps),
    housekeepingJob({ db: deps.db, retentionDays: deps.eventRetentionDays, log: deps.log }),
  ];
}
