import { and, eq, exists, isNull, or, sql, type SQL } from "drizzle-orm";
import { forbidden, requireProjectAccess, visibleProjects } from "../../auth/access";
import { isTenantAdmin, type Actor } from "../../auth/actor";
import { projects, workflows, type WorkflowRow } from "../../db/tables";
import { isUuid } from "../../db/uuid";
import { notFound } from "../../errors/domain-error";
import type { AuthenticatedContext } from "../common";

/** Workflows the actor can see: the workspace's, and those of projects they can see. */
export function visibleWorkflows(actor: Actor): SQL {
  return and(
    eq(workflows.tenantId, actor.tenantId),
    or(isNull(workflows.projectId), exists(sql`(select 1 from ${projects} where ${projects.id} = ${workflows.projectId} and ${visibleProjects(actor)})`)),
  )!;
}

/** A workflow the actor can see; another workspace's, or a hidden project's, answers 404. */
export async function requireVisibleWorkflow(ctx: AuthenticatedContext, id: string): Promise<WorkflowRow> {
  if (!isUuid(id)) throw notFound("Workflow");
  const [workflow] = await ctx.db.select().from(workflows).where(and(eq(workflows.id, id.toLowerCase()), visibleWorkflows(ctx.actor)));
  if (!workflow) throw notFound("Workflow");
  return workflow;
}

/** A project's workflows are managed by its administrators; the workspace's by workspace administrators. */
export async function assertMayManage(ctx: AuthenticatedContext, projectId: string | null): Promise<void> {
  if (projectId) await requireProjectAccess(ctx.db, ctx.actor, projectId, "administer");
  else if (!isTenantAdmin(ctx.actor)) throw forbidden("Only workspace administrators can manage workspace workflows");
}

export async function requireManageableWorkflow(ctx: AuthenticatedContext, id: string): Promise<WorkflowRow> {
  const workflow = await requireVisibleWorkflow(ctx, id);
  await assertMayManage(ctx, workflow.projectId);
  return workflow;
}
