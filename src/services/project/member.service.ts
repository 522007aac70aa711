import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import { requireProjectAccess } from "../../auth/access";
import { PROJECT_ROLES } from "../../contract";
import { projectMembers, type ProjectMemberRow } from "../../db/tables";
import { afterCursor, cursorKey, orderTerms, sortKey } from "../../db/queries/keyset";
import { pageOf, probeLimit, totalOf, type Page, type PageWindow } from "../../db/queries/pagination";
import { listOrder } from "../../db/queries/sorting";
import { uniqueViolation } from "../../db/pg-error";
import { appendEvents, type EventType } from "../../events/outbox";
import { isUuid } from "../../db/uuid";
import { DomainError, notFound } from "../../errors/domain-error";
import { type AuthenticatedContext, idField, inputProblems, parseInput } from "../common";
import { requireActiveTenantUser } from "../user";

const roleField = z.enum(PROJECT_ROLES, { error: `Role must be one of: ${PROJECT_ROLES.join(", ")}` });
// The project id comes from the path: a malformed one answers 404 in requireProjectAccess, not 400.
const addSchema = z.object({ projectId: z.string(), userId: idField("User"), role: roleField });
// Path ids may arrive upper-cased; the lead check compares them as strings.
const pathId = z.string().transform((value) => value.toLowerCase());
const roleSchema = z.object({ projectId: z.string(), userId: pathId, role: roleField });
const removeSchema = z.object({ projectId: z.string(), userId: pathId });

/** What `addMember` refuses in `input` before acting. */
export const addMemberProblems = (input: unknown) => inputProblems(addSchema, input);

function memberEvent(ctx: AuthenticatedContext, type: EventType, member: ProjectMemberRow, payload: Record<string, unknown>) {
  return { type, tenantId: member.tenantId, projectId: member.projectId, subjectUserId: member.userId, actorId: ctx.actor.userId, payload };
}

const leadConflict = () =>
  new DomainError("RESOURCE_CONFLICT", "The project lead must stay a project administrator; change the lead first");

const JOINING_ORDER = { joined_at: sortKey(projectMembers.joinedAt) };

/** A page of a project's members in joining order, for anyone who can read the project. */
export async function listMembers(ctx: AuthenticatedContext, projectId: string, window: PageWindow): Promise<Page<ProjectMemberRow>> {
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, projectId, "read");
  const where = and(eq(projectMembers.tenantId, project.tenantId), eq(projectMembers.projectId, project.id));
  const order = listOrder("member", null, JOINING_ORDER, "joined_at", projectMembers.userId);
  const counted = ctx.db.select({ value: count() }).from(projectMembers).where(where);
  const rows = await ctx.db
    .select({ row: projectMembers, key: cursorKey(order), total: totalOf(counted) })
    .from(projectMembers)
    .where(window.after ? and(where, afterCursor(order, window.after)) : where)
    .orderBy(...orderTerms(order))
    .limit(probeLimit(window))
    .offset(window.offset);
  return pageOf(window, order, rows, async () => (await counted)[0]!.value);
}

/** Adds a user of the same tenant to a project (project administrators only). */
export async function addMember(ctx: AuthenticatedContext, input: unknown): Promise<ProjectMemberRow> {
  const data = parseInput(addSchema, input);
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, data.projectId, "administer");
  await requireActiveTenantUser(ctx.db, ctx.actor.tenantId, data.userId);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [member] = await tx
        .insert(projectMembers)
        .values({ projectId: project.id, userId: data.userId, tenantId: project.tenantId, role: data.role })
        .returning();
      await appendEvents(tx, memberEvent(ctx, "project.member_added", member!, { role: data.role }));
      return member!;
    });
  } catch (error) {
    if (uniqueViolation(error) === "project_members_project_id_user_id_pk") {
      throw new DomainError("PROJECT_MEMBER_ALREADY_EXISTS", "User is already a project member", { field: "userId" });
    }
    throw error;
  }
}

async function requireMember(ctx: AuthenticatedContext, projectId: string, userId: string): Promise<ProjectMemberRow> {
  if (!isUuid(userId)) throw notFound("Project member");
  const [member] = await ctx.db
    .select()
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  if (!member) throw notFound("Project member");
  return member;
}

export async function updateMemberRole(ctx: AuthenticatedContext, input: unknown): Promise<ProjectMemberRow> {
  const data = parseInput(roleSchema, input);
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, data.projectId, "administer");
  const previous = await requireMember(ctx, project.id, data.userId);
  if (project.leadId === data.userId && data.role !== "admin") throw leadConflict();
  return ctx.db.transaction(async (tx) => {
    const [member] = await tx
      .update(projectMembers)
      .set({ role: data.role })
      .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, data.userId)))
      .returning();
    await appendEvents(tx, memberEvent(ctx, "project.member_updated", member!, { from: previous.role, to: data.role }));
    return member!;
  });
}

export async function removeMember(ctx: AuthenticatedContext, input: unknown): Promise<ProjectMemberRow> {
  const data = parseInput(removeSchema, input);
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, data.projectId, "administer");
  const member = await requireMember(ctx, project.id, data.userId);
  if (project.leadId === data.userId) throw leadConflict();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(projectMembers).where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, data.userId)));
    await appendEvents(tx, memberEvent(ctx, "project.member_removed", member, { role: member.role }));
  });
  return member;
}
