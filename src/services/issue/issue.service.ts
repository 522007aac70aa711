import { and, eq, isNull, sql } from "drizzle-orm";
import { forbidden, requireIssueAccess, requireProjectAccess } from "../../auth/access";
import { isTenantAdmin } from "../../auth/actor";
import { canDeleteIssue } from "../../auth/policies/issue.policy";
import type { Database } from "../../db/client";
import { issueHistory, issues, projectMembers, type IssueRow, type ProjectRow, type ProjectSettings } from "../../db/tables";
import { assertUnchangedSince } from "../../db/queries/optimistic-lock";
import { placeholderValues } from "../../db/queries/keyset";
import { pageOf, probeLimit, type Page, type PageWindow } from "../../db/queries/pagination";
import { DomainError, notFound } from "../../errors/domain-error";
import type { FieldError } from "../../errors/error-codes";
import { appendEvents } from "../../events/outbox";
import { type AuthenticatedContext, inputProblems, parseInput, withoutNulls } from "../common";
import { defaultPriority, initialStatus } from "../project";
import { initialState, stateNamed, workflowForIssue } from "../workflow";
import { findTenantUser, requireActiveTenantUser } from "../user";
import { applyCustomFields } from "./custom-fields";
import { lockLiveIssue } from "./issue-lock";
import { changedFields } from "./issue-history";
import { insertIssue } from "./issue-insert";
import { createIssueSchema, issueFilterSchema, updateIssueSchema, type IssueFilter } from "./issue.input";
import { issueEvent } from "./issue.events";
import { plannedTransition, transitionChanges, writeTransition } from "./issue-transition";
import { visibleLinkCount } from "./issue-link.service";
import { ISSUE_LIST_FILTERS, issueListQueries, type IssueListFilter } from "./issue-list.query";

// Null leaves a field as it is, except a description or an assignee, which it clears.
const updateChanges = (input: unknown) => withoutNulls(input, ["description", "assigneeId", "resolution"]);

/** What `createIssue` refuses in `input` before acting, for a door that reports it beside its own checks. */
export const createIssueProblems = (input: unknown) => inputProblems(createIssueSchema, input);

/** What `updateIssue` refuses in `input` before acting. */
export const updateIssueProblems = (input: unknown) => inputProblems(updateIssueSchema, updateChanges(input));

/** Each given value must be one the project's settings allow: 400 INVALID_ENUM_VALUE naming the field. Statuses are the workflow's to allow. */
function assertSettingsValues(settings: ProjectSettings, values: { issueType?: string | null; priority?: string | null }) {
  const lists = { issueType: settings.issueTypes, priority: settings.priorities };
  const problems: FieldError[] = [];
  for (const [field, allowed] of Object.entries(lists)) {
    const value = values[field as keyof typeof lists];
    if (value != null && !allowed.includes(value)) {
      problems.push({ field, code: "INVALID_ENUM_VALUE", message: `${field} must be one of: ${allowed.join(", ")}` });
    }
  }
  if (problems.length) throw new DomainError("INVALID_ENUM_VALUE", "Invalid enum value", problems);
}

/** Assignees must be members of the project (any role): 404 for users outside the tenant, 422 for non-members. */
async function assertAssignable(db: Database, tenantId: string, projectId: string, userId: string) {
  await requireActiveTenantUser(db, tenantId, userId);
  const [member] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  if (!member) {
    throw new DomainError("ASSIGNEE_NOT_MEMBER", "The assignee must be a member of the project", { field: "assigneeId" });
  }
}

export interface IssueList {
  page: Page<IssueRow>;
  /** The project filtered on, loaded and checked readable on the way: callers may reuse it. */
  project: ProjectRow | null;
}

/**
 * Issues of projects the actor can see. Filters naming a project or user
 * the actor cannot see answer 404, like the ids themselves. With `search`,
 * results are ranked by full-text relevance unless a sort is given.
 */
export async function listIssues(
  ctx: AuthenticatedContext,
  filter: IssueFilter,
  sort: string | null | undefined,
  window: PageWindow,
  /** Properties of the issues to read (plus the id); default all. */
  columns?: readonly (keyof IssueRow)[],
): Promise<IssueList> {
  const data = parseInput(issueFilterSchema, filter);
  let project: ProjectRow | null = null;
  if (data.projectId) ({ project } = await requireProjectAccess(ctx.db, ctx.actor, data.projectId, "read"));
  for (const id of [data.assigneeId, data.reporterId]) {
    if (id) await findTenantUser(ctx.db, ctx.actor.tenantId, id);
  }
  const values: Partial<Record<IssueListFilter, string>> = {};
  for (const filter of ISSUE_LIST_FILTERS) {
    if (data[filter]) values[filter] = data[filter];
  }
  const filters = Object.keys(values) as IssueListFilter[];
  const sortTerms = sort?.trim() || (data.search ? "relevance" : "-created_at");
  const queries = issueListQueries(ctx.db, { admin: isTenantAdmin(ctx.actor), filters, sort: sortTerms, columns, after: window.after !== null });
  const placeholders = {
    ...values,
    ...(window.after ? placeholderValues(queries.order, window.after) : {}),
    tenantId: ctx.actor.tenantId,
    userId: ctx.actor.userId,
    limit: probeLimit(window),
    offset: window.offset,
  };
  const rows = await queries.page.execute(placeholders);
  const page = pageOf(window, queries.order, rows, async () => (await queries.count.execute(placeholders))[0]!.value);
  return { page, project };
}

export async function getIssue(ctx: AuthenticatedContext, id: string) {
  return requireIssueAccess(ctx.db, ctx.actor, id, "read");
}

/** Creates `KEY-N`, numbered from the project's counter (`insertIssue`): concurrent creates get distinct, consecutive numbers. */
export async function createIssue(ctx: AuthenticatedContext, input: unknown): Promise<IssueRow> {
  const data = parseInput(createIssueSchema, input);
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, data.projectId, "contribute");
  const priority = data.priority ?? defaultPriority(project.settings);
  assertSettingsValues(project.settings, { issueType: data.issueType, priority });
  if (data.assigneeId) await assertAssignable(ctx.db, ctx.actor.tenantId, project.id, data.assigneeId);
  const customFields = await applyCustomFields(ctx.db, ctx.actor.tenantId, project.settings.customFields, {}, data.customFields);
  const workflow = await workflowForIssue(ctx.db, ctx.actor.tenantId, project.id, data.issueType);
  return insertIssue(ctx.db, {
    tenantId: ctx.actor.tenantId,
    projectId: project.id,
    projectKey: project.key,
    actorId: ctx.actor.userId,
    summary: data.summary,
    description: data.description ?? null,
    issueType: data.issueType,
    status: workflow ? initialState(workflow) : initialStatus(project.settings),
    priority,
    assigneeId: data.assigneeId ?? null,
    customFields,
  });
}

/**
 * Partial update by a contributor; each changed field is written to the
 * issue's history. The issue is re-read under a row lock inside the
 * transaction, so concurrent updates apply one after the other and custom
 * fields merge onto the latest values. A new status goes through the
 * workflow (`plannedTransition`); a new issue type whose workflow lacks the
 * issue's state starts it at that workflow's initial state.
 */
export async function updateIssue(ctx: AuthenticatedContext, id: string, input: unknown): Promise<IssueRow> {
  const { expectedUpdatedAt, ...changes } = parseInput(updateIssueSchema, updateChanges(input));
  const { issue: seen, project } = await requireIssueAccess(ctx.db, ctx.actor, id, "contribute");
  assertSettingsValues(project.settings, changes);
  if (changes.assigneeId) await assertAssignable(ctx.db, ctx.actor.tenantId, project.id, changes.assigneeId);
  const { customFields: requested, ...plain } = changes;
  return ctx.db.transaction(async (tx) => {
    const issue = await lockLiveIssue(tx, seen.id);
    assertUnchangedSince(issue.updatedAt, expectedUpdatedAt);
    const customFields =
      requested === undefined
        ? undefined
        : await applyCustomFields(tx, ctx.actor.tenantId, project.settings.customFields, issue.customFields, requested);
    const { status, ...rest } = plain;
    let next: Partial<IssueRow> = { ...rest, ...(customFields ? { customFields } : {}) };
    if (status !== undefined && status !== issue.status) {
      const planned = await plannedTransition(tx, ctx, issue, { ...issue, ...next }, status);
      next = { ...next, ...(await transitionChanges(tx, ctx, project, { ...issue, ...next }, planned.transition)) };
      return writeTransition(tx, ctx, issue, next, { ...planned, comment: null });
    }
    if (next.issueType && next.issueType !== issue.issueType) {
      const workflow = await workflowForIssue(tx, issue.tenantId, issue.projectId, next.issueType);
      if (workflow && !stateNamed(workflow, issue.status)) next.status = initialState(workflow);
    }
    return writeTransition(tx, ctx, issue, next, null);
  });
}

/**
 * Soft delete by the reporter or a project administrator, refused while the
 * issue has links the actor can see to live issues. Links to deleted issues
 * or to issues the actor cannot see neither block nor show. The issue row is
 * locked first, so a link being added concurrently is either seen or waits.
 */
export async function deleteIssue(ctx: AuthenticatedContext, id: string): Promise<string> {
  const { issue, role } = await requireIssueAccess(ctx.db, ctx.actor, id, "read");
  if (!canDeleteIssue(ctx.actor, role, issue)) throw forbidden("Only the reporter or a project administrator can delete this issue");
  const blocked = await ctx.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: issues.id })
      .from(issues)
      .where(and(eq(issues.id, issue.id), isNull(issues.deletedAt)))
      .for("update");
    if (!locked) throw notFound("Issue");
    if ((await visibleLinkCount(tx, ctx.actor, issue.id)) > 0) return true;
    await tx.update(issues).set({ deletedAt: sql`now()` }).where(eq(issues.id, issue.id));
    await appendEvents(tx, { ...issueEvent(ctx, issue), type: "issue.deleted", payload: { key: issue.key } });
    return false;
  });
  if (blocked) throw new DomainError("ISSUE_CANNOT_BE_DELETED", "Issue cannot be deleted while it has links; remove the links first");
  return issue.id;
}
