import { desc } from "drizzle-orm";
import type { Database } from "../../db/client";
import { webhooks } from "../../db/tables";
import type { WebhookSettings } from "../common";

/**
 * Whether this process's key opens the secrets already stored (the newest
 * hook's), so a process started with another key (a worker without the API's
 * `WEBHOOK_SECRET_KEY` or `DATA_DIR`) is refused at start, not at each delivery.
 */
export async function webhookKeyOpensStoredSecrets(db: Database, settings: WebhookSettings): Promise<boolean> {
  const [newest] = await db.select({ sealed: webhooks.secretCiphertext }).from(webhooks).orderBy(desc(webhooks.createdAt)).limit(1);
  if (!newest) return true;
  try {
    settings.secrets.open(newest.sealed);
    return true;
  } catch {
    return false;
  }
}
