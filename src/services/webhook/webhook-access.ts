import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { requireProjectAccess } from "../../auth/access";
import { isTenantAdmin, type Actor } from "../../auth/actor";
import { projectMembers, users, webhooks, type WebhookRow } from "../../db/tables";
import { isUuid } from "../../db/uuid";
import { notFound, validationError } from "../../errors/domain-error";
import type { AuthenticatedContext } from "../common";
import { isWorkspaceEvent } from "./webhook-events";

/** Projects the user administers, as a subquery. */
const administeredProjects = (userId: string) =>
  sql`(select ${projectMembers.projectId} from ${projectMembers} where ${projectMembers.userId} = ${userId} and ${projectMembers.role} = 'admin')`;

/**
 * Hooks the actor may see and manage: every hook of their workspace for a
 * workspace administrator; for anyone else, the hooks filtered to a project
 * they administer. Nobody else learns that a hook exists.
 */
export function manageableWebhooks(actor: Actor): SQL {
  const ofTenant = eq(webhooks.tenantId, actor.tenantId);
  if (isTenantAdmin(actor)) return ofTenant;
  return and(ofTenant, inArray(webhooks.projectId, administeredProjects(actor.userId)))!;
}

/** A hook the actor may manage; any other id, another workspace's included, answers 404. */
export async function requireManageableWebhook(ctx: AuthenticatedContext, id: string): Promise<WebhookRow> {
  if (!isUuid(id)) throw notFound("Webhook");
  const [hook] = await ctx.db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), manageableWebhooks(ctx.actor)));
  if (!hook) throw notFound("Webhook");
  return hook;
}

/**
 * Whether the actor may point a hook at `projectId` (null: the whole
 * workspace) for `events`: a workspace-wide hook sees everything, so only a
 * workspace administrator may make one; a project's administrators may hook
 * its project and issue events.
 */
export async function assertMayHook(ctx: AuthenticatedContext, projectId: string | null, events: readonly string[]): Promise<void> {
  if (projectId === null) {
    if (isTenantAdmin(ctx.actor)) return;
    throw validationError([
      {
        field: "filters.projectId",
        code: "REQUIRED_FIELD_MISSING",
        message: "Only workspace administrators may hook the whole workspace: set filters.project_id to a project you administer",
      },
    ]);
  }
  await requireProjectAccess(ctx.db, ctx.actor, projectId, "administer");
  const workspaceEvents = events.filter(isWorkspaceEvent);
  if (workspaceEvents.length) {
    throw validationError([
      {
        field: "events",
        code: "INVALID_ENUM_VALUE",
        message: `${workspaceEvents.join(", ")} concern the workspace, not a project: a hook filtered to a project cannot receive them`,
      },
    ]);
  }
}

/** What decides whether a hook's owner may still receive its deliveries, read with the delivery. */
export interface OwnerStanding {
  isActive: boolean | null;
  roles: string[] | null;
  /** The owner's role in the hook's project, for a project hook. */
  projectRole: string | null;
}

/** The owner's standing as columns of a query that joins `webhooks`: one statement reads delivery, hook and owner. */
export const ownerStanding = {
  isActive: users.isActive,
  roles: users.roles,
  projectRole: sql<string | null>`(select ${projectMembers.role} from ${projectMembers}
    where ${projectMembers.projectId} = ${webhooks.projectId} and ${projectMembers.userId} = ${webhooks.ownerId})`,
};

/** Joins the owner of `webhooks`, in their tenant. */
export const ownerJoin = and(eq(users.id, webhooks.ownerId), eq(users.tenantId, webhooks.tenantId));

/**
 * Why the hook's owner may no longer receive what it carries, or null when
 * they still may: deactivated, or no longer an administrator of the hook's
 * scope. Read fresh at each delivery, so a change of role stops the next one.
 */
export function ownerLostAccess(hook: WebhookRow, owner: OwnerStanding): string | null {
  if (!owner.isActive) return "the owner's account was deactivated";
  if (owner.roles?.includes("admin")) return null;
  if (hook.projectId && owner.projectRole === "admin") return null;
  return hook.projectId ? "the owner no longer administers the project" : "the owner is no longer a workspace administrator";
}
