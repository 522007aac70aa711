import { and, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { assertPublicUrl, generateWebhookSecret } from "../../adapters/webhook";
import { webhookDeliveries, webhooks, type WebhookRow } from "../../db/tables";
import { afterCursor, cursorKey, orderTerms, sortKey, type ListOrder } from "../../db/queries/keyset";
import { pageOf, probeLimit, totalOf, type Page, type PageWindow } from "../../db/queries/pagination";
import { DomainError, validationError } from "../../errors/domain-error";
import { type AuthenticatedContext, idField, parseInput, withoutNulls } from "../common";
import { assertMayHook, manageableWebhooks, requireManageableWebhook } from "./webhook-access";
import { createWebhookSchema, secretField, updateWebhookSchema } from "./webhook.input";

/** How long a rotated-out secret still signs, so receivers can switch without losing deliveries. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** A hook with its signing secret in clear: only the answers that create one carry it, once. */
export interface WebhookWithSecret {
  webhook: WebhookRow;
  secret: string;
}

async function assertUsableUrl(ctx: AuthenticatedContext, url: string): Promise<void> {
  const { allowedHosts, requireHttps } = ctx.webhooks;
  const verdict = await assertPublicUrl(url, { allowedHosts, requireHttps });
  if (!verdict.ok) throw validationError([{ field: "url", code: verdict.code, message: verdict.message }]);
}

/** Registers a hook (seed 001 §14.2); a secret is generated when none is given. */
export async function createWebhook(ctx: AuthenticatedContext, input: unknown): Promise<WebhookWithSecret> {
  const data = parseInput(createWebhookSchema, input);
  const projectId = data.filters?.projectId?.toLowerCase() ?? null;
  await assertMayHook(ctx, projectId, data.events);
  await assertUsableUrl(ctx, data.url);
  const secret = data.secret ?? generateWebhookSecret();
  const [webhook] = await ctx.db
    .insert(webhooks)
    .values({
      tenantId: ctx.actor.tenantId,
      url: data.url,
      events: data.events,
      projectId,
      active: data.active ?? true,
      ownerId: ctx.actor.userId,
      secretCiphertext: ctx.webhooks.secrets.seal(secret),
    })
    .returning();
  return { webhook: webhook!, secret };
}

export const getWebhook = requireManageableWebhook;

const WEBHOOK_ORDER: ListOrder = {
  tag: "webhook:created_at",
  terms: [
    { ...sortKey(webhooks.createdAt), descending: false },
    { ...sortKey(webhooks.id), descending: false },
  ],
};

const listSchema = z.object({ projectId: idField("Project id").nullish() });

/** The hooks the actor manages, oldest first, optionally only those filtered to one project. */
export async function listWebhooks(ctx: AuthenticatedContext, filter: { projectId?: string | null }, window: PageWindow): Promise<Page<WebhookRow>> {
  const { projectId } = parseInput(listSchema, filter);
  const where = and(manageableWebhooks(ctx.actor), projectId ? eq(webhooks.projectId, projectId.toLowerCase()) : undefined);
  const counted = ctx.db.select({ value: count() }).from(webhooks).where(where);
  const rows = await ctx.db
    .select({ row: webhooks, key: cursorKey(WEBHOOK_ORDER), total: totalOf(counted) })
    .from(webhooks)
    .where(window.after ? and(where, afterCursor(WEBHOOK_ORDER, window.after)) : where)
    .orderBy(...orderTerms(WEBHOOK_ORDER))
    .limit(probeLimit(window))
    .offset(window.offset);
  return pageOf(window, WEBHOOK_ORDER, rows, async () => (await counted)[0]!.value);
}

/**
 * Changes what it is given. Saving makes the actor the hook's owner, on whose
 * behalf it delivers; moving its project filter clears its delivery log. Activating clears a disabling and its failure count, so
 * re-enabling a hook disabled by failures is an update.
 */
export async function updateWebhook(ctx: AuthenticatedContext, id: string, input: unknown): Promise<WebhookRow> {
  const data = parseInput(updateWebhookSchema, withoutNulls(input));
  const hook = await requireManageableWebhook(ctx, id);
  // Only an explicit `project_id` moves the filter; `null` there widens the hook to the workspace.
  const projectId = data.filters?.projectId === undefined ? hook.projectId : (data.filters.projectId?.toLowerCase() ?? null);
  const events = data.events ?? hook.events;
  await assertMayHook(ctx, projectId, events);
  if (data.url !== undefined) await assertUsableUrl(ctx, data.url);
  const reactivated = data.active === true && !hook.active;
  return ctx.db.transaction(async (tx) => {
    // The log holds what the old scope carried: those who manage the new scope may not see it.
    if (projectId !== hook.projectId) await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
    const [updated] = await tx
      .update(webhooks)
      .set({
        url: data.url,
        events,
        projectId,
        active: data.active,
        ownerId: ctx.actor.userId,
        updatedAt: sql`now()`,
        ...(reactivated || data.active === false ? { disabledReason: null, disabledAt: null, consecutiveFailures: 0 } : {}),
      })
      .where(eq(webhooks.id, hook.id))
      .returning();
    return updated!;
  });
}

/** Deletes the hook with its delivery log; deliveries waiting to retry are dropped. */
export async function deleteWebhook(ctx: AuthenticatedContext, id: string): Promise<string> {
  const hook = await requireManageableWebhook(ctx, id);
  await ctx.db.delete(webhooks).where(eq(webhooks.id, hook.id));
  return hook.id;
}

export interface RotatedSecret extends WebhookWithSecret {
  previousSecretExpiresAt: Date;
}

/**
 * A new secret (given, or generated) signs from now on; the current one keeps
 * signing beside it for 24 hours. A second rotation within that window drops
 * the oldest secret at once.
 */
export async function rotateWebhookSecret(ctx: AuthenticatedContext, id: string, input: { secret?: string | null }): Promise<RotatedSecret> {
  const { secret: chosen } = parseInput(z.object({ secret: secretField.nullish() }), input);
  const hook = await requireManageableWebhook(ctx, id);
  const secret = chosen ?? generateWebhookSecret();
  const previousSecretExpiresAt = new Date(Date.now() + ROTATION_OVERLAP_MS);
  const [webhook] = await ctx.db
    .update(webhooks)
    .set({
      secretCiphertext: ctx.webhooks.secrets.seal(secret),
      previousSecretCiphertext: hook.secretCiphertext,
      previousSecretExpiresAt,
      updatedAt: sql`now()`,
    })
    .where(eq(webhooks.id, hook.id))
    .returning();
  return { webhook: webhook!, secret, previousSecretExpiresAt };
}

/** A disabled hook delivers nothing, pings included: enable it first. */
export function assertActive(hook: WebhookRow): void {
  if (!hook.active) throw new DomainError("RESOURCE_CONFLICT", "The webhook is disabled; enable it with an update first");
}
