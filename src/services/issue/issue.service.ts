import { and, count, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { forbidden, requireIssueAccess, requireProjectAccess, visibleProjects, visibleProjectsTo } from "../../auth/access";
import { isTenantAdmin } from "../../auth/actor";
import { canDeleteIssue } from "../../auth/policies/issue.policy";
import type { Database } from "../../db/client";
import { issueHistory, issueLinks, issues, projectMembers, projects, type IssueRow, type ProjectRow, type ProjectSettings } from "../../db/tables";
import { columnsNamed } from "../../db/queries/columns-named";
import { issueColumns } from "../../db/queries/issue-columns";
import { preparedQuery } from "../../db/queries/prepared-query";
import { unnamed } from "../../platform/drizzle-unnamed-statement";
import { DomainError, notFound } from "../../errors/domain-error";
import { appendEvents } from "../../events/outbox";
import type { FieldError } from "../../errors/error-codes";
import { type AuthenticatedContext, descriptionField, idField, searchField, parseInput, withoutNulls } from "../common";
import { applyCustomFields } from "./custom-fields";
import { insertIssue } from "./issue-insert";
import { changedFields } from "./issue-history";
import { pageOf, type Page, type PageWindow } from "../../db/queries/pagination";
import { defaultPriority, initialStatus } from "../project";
import { findTenantUser, requireActiveTenantUser } from "../user";
import { orderBy } from "../../db/queries/sorting";
import { assertUnchangedSince, expectedUpdatedAtField } from "../../db/queries/optimistic-lock";

const summaryField = z.string({ error: "Summary is required" }).trim().min(1, "Summary is required").max(255, "Summary must be at most 255 characters");
const valueField = (label: string) => z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(50);
const customFieldsInput = z.record(z.string(), z.unknown()).nullish();

const createSchema = z.object({
  projectId: idField("Project"),
  summary: summaryField,
  description: descriptionField(50_000).optional(),
  issueType: valueField("Issue type"),
  priority: valueField("Priority").nullish(),
  assigneeId: idField("Assignee").nullish(),
  customFields: customFieldsInput,
});

const updateSchema = z.object({
  summary: summaryField.optional(),
  description: descriptionField(50_000).optional(),
  issueType: valueField("Issue type").optional(),
  status: valueField("Status").optional(),
  priority: valueField("Priority").optional(),
  assigneeId: idField("Assignee").nullable().optional(),
  customFields: customFieldsInput,
  expectedUpdatedAt: expectedUpdatedAtField,
});

const filterSchema = z.object({
  projectId: idField("project_id").nullish(),
  assigneeId: idField("assignee_id").nullish(),
  reporterId: idField("reporter_id").nullish(),
  status: z.string().max(50).nullish(),
  priority: z.string().max(50).nullish(),
  issueType: z.string().max(50).nullish(),
  search: searchField.nullish(),
});

export type IssueFilter = z.input<typeof filterSchema>;

/** The common fields of an event about `issue`. */
export function issueEvent(ctx: AuthenticatedContext, issue: Pick<IssueRow, "id" | "tenantId" | "projectId">) {
  return { tenantId: issue.tenantId, projectId: issue.projectId, issueId: issue.id, actorId: ctx.actor.userId };
}

/** Each given value must be one the project's settings allow: 400 INVALID_ENUM_VALUE naming the field. */
function assertSettingsValues(settings: ProjectSettings, values: { issueType?: string | null; priority?: string | null; status?: string | null }) {
  const lists = { issueType: settings.issueTypes, priority: settings.priorities, status: settings.statuses };
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

const sortable = {
  created_at: issues.createdAt,
  updated_at: issues.updatedAt,
  key: issues.number,
  summary: issues.summary,
  status: issues.status,
  priority: issues.priority,
};

type ListFilter = "projectId" | "assigneeId" | "reporterId" | "status" | "priority" | "issueType" | "search";

/** Issue-list filters as conditions on their placeholder, named after the filter. */
const FILTER_CONDITIONS: Record<ListFilter, () => SQL> = {
  projectId: () => eq(issues.projectId, sql.placeholder("projectId")),
  assigneeId: () => eq(issues.assigneeId, sql.placeholder("assigneeId")),
  reporterId: () => eq(issues.reporterId, sql.placeholder("reporterId")),
  status: () => eq(issues.status, sql.placeholder("status")),
  priority: () => eq(issues.priority, sql.placeholder("priority")),
  issueType: () => eq(issues.issueType, sql.placeholder("issueType")),
  search: () => sql`${issues.searchVector} @@ websearch_to_tsquery('english', ${sql.placeholder("search")})`,
};

/** What decides the text of an issue-list statement. Never a value, so one statement serves every caller of the shape. */
interface IssueListShape {
  admin: boolean;
  filters: readonly ListFilter[];
  sort: string;
  columns: readonly (keyof IssueRow)[] | undefined;
}

/**
 * The page and count statements of an issue-list shape, built once per
 * database handle. The page carries the total as a scalar subquery, which
 * PostgreSQL counts once from the index, rather than `count(*) over ()`,
 * which would make it read and sort every matching row before the limit.
 */
function issueListQueries(db: Database, shape: IssueListShape) {
  const name = `issue_list:${shape.admin}:${shape.filters.join(",")}:${shape.sort}:${shape.columns?.join(",") ?? "*"}`;
  return preparedQuery(db, name, (db) => {
    const allowed: Record<string, SQL | (typeof sortable)[keyof typeof sortable]> = { ...sortable };
    if (shape.filters.includes("search")) {
      allowed.relevance = sql`ts_rank(${issues.searchVector}, websearch_to_tsquery('english', ${sql.placeholder("search")})) * -1`;
    }
    const order = orderBy(shape.sort, allowed, shape.sort, issues.id);
    const viewer = { admin: shape.admin, tenantId: sql.placeholder("tenantId"), userId: sql.placeholder("userId") };
    const where = and(
      eq(issues.tenantId, sql.placeholder("tenantId")),
      isNull(issues.deletedAt),
      ...shape.filters.map((filter) => FILTER_CONDITIONS[filter]()),
      visibleProjectsTo(viewer),
    );
    const counted = db.select({ value: count() }).from(issues).innerJoin(projects, eq(projects.id, issues.projectId)).where(where);
    const page = db
      .select({ row: shape.columns ? columnsNamed(issueColumns, ["id", ...shape.columns]) : issueColumns, total: sql<number>`(${counted})`.mapWith(Number) })
      .from(issues)
      .innerJoin(projects, eq(projects.id, issues.projectId))
      .where(where)
      .orderBy(...order)
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"));
    // Shapes are as many as clients care to combine: built once here, but never kept on the server.
    return { page: unnamed(page.prepare(name)), count: unnamed(counted.prepare(`${name}:count`)) };
  });
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
  const data = parseInput(filterSchema, filter);
  let project: ProjectRow | null = null;
  if (data.projectId) ({ project } = await requireProjectAccess(ctx.db, ctx.actor, data.projectId, "read"));
  for (const id of [data.assigneeId, data.reporterId]) {
    if (id) await findTenantUser(ctx.db, ctx.actor.tenantId, id);
  }
  const values: Partial<Record<ListFilter, string>> = {};
  for (const filter of Object.keys(FILTER_CONDITIONS) as ListFilter[]) {
    if (data[filter]) values[filter] = data[filter];
  }
  const filters = Object.keys(values) as ListFilter[];
  const sortTerms = sort?.trim() || (data.search ? "relevance" : "-created_at");
  const queries = issueListQueries(ctx.db, { admin: isTenantAdmin(ctx.actor), filters, sort: sortTerms, columns });
  const placeholders = { ...values, tenantId: ctx.actor.tenantId, userId: ctx.actor.userId, limit: window.limit, offset: window.offset };
  const rows = await queries.page.execute(placeholders);
  const page = await pageOf(window, rows, async () => (await queries.count.execute(placeholders))[0]!.value);
  return { page, project };
}

export async function getIssue(ctx: AuthenticatedContext, id: string) {
  return requireIssueAccess(ctx.db, ctx.actor, id, "read");
}

/** Creates `KEY-N`, numbered from the project's counter (`insertIssue`): concurrent creates get distinct, consecutive numbers. */
export async function createIssue(ctx: AuthenticatedContext, input: unknown): Promise<IssueRow> {
  const data = parseInput(createSchema, input);
  const { project } = await requireProjectAccess(ctx.db, ctx.actor, data.projectId, "contribute");
  const priority = data.priority ?? defaultPriority(project.settings);
  assertSettingsValues(project.settings, { issueType: data.issueType, priority });
  if (data.assigneeId) await assertAssignable(ctx.db, ctx.actor.tenantId, project.id, data.assigneeId);
  const customFields = await applyCustomFields(ctx.db, ctx.actor.tenantId, project.settings.customFields, {}, data.customFields);
  return insertIssue(ctx.db, {
    tenantId: ctx.actor.tenantId,
    projectId: project.id,
    projectKey: project.key,
    actorId: ctx.actor.userId,
    summary: data.summary,
    description: data.description ?? null,
    issueType: data.issueType,
    status: initialStatus(project.settings),
    priority,
    assigneeId: data.assigneeId ?? null,
    customFields,
  });
}

/**
 * Partial update by a contributor; each changed field is written to the
 * issue's history. The issue is re-read under a row lock inside the
 * transaction, so concurrent updates apply one after the other and custom
 * fields merge onto the latest values.
 */
export async function updateIssue(ctx: AuthenticatedContext, id: string, input: unknown): Promise<IssueRow> {
  const { expectedUpdatedAt, ...changes } = parseInput(updateSchema, withoutNulls(input, ["description", "assigneeId"]));
  const { issue: seen, project } = await requireIssueAccess(ctx.db, ctx.actor, id, "contribute");
  assertSettingsValues(project.settings, changes);
  if (changes.assigneeId) await assertAssignable(ctx.db, ctx.actor.tenantId, project.id, changes.assigneeId);
  const { customFields: requested, ...plain } = changes;
  return ctx.db.transaction(async (tx) => {
    const [issue] = await tx
      .select(issueColumns)
      .from(issues)
      .where(and(eq(issues.id, seen.id), isNull(issues.deletedAt)))
      .for("update");
    if (!issue) throw notFound("Issue");
    assertUnchangedSince(issue.updatedAt, expectedUpdatedAt);
    const customFields =
      requested === undefined
        ? undefined
        : await applyCustomFields(tx, ctx.actor.tenantId, project.settings.customFields, issue.customFields, requested);
    const next = { ...plain, ...(customFields ? { customFields } : {}) };
    const history = changedFields(issue, next);
    if (!history.length) return issue;
    const [updated] = await tx
      .update(issues)
      .set({ ...next, updatedAt: sql`now()` })
      .where(eq(issues.id, issue.id))
      .returning(issueColumns);
    await tx.insert(issueHistory).values(
      history.map((change) => ({ tenantId: issue.tenantId, issueId: issue.id, actorId: ctx.actor.userId, ...change })),
    );
    const eventChanges = history.map((change) => ({ field: change.field, from: change.fromValue, to: change.toValue }));
    const base = issueEvent(ctx, issue);
    await appendEvents(
      tx,
      { ...base, type: "issue.updated", payload: { changes: eventChanges } },
      ...eventChanges
        .filter((change) => change.field === "status")
        .map((change) => ({ ...base, type: "issue.status_changed" as const, payload: { changes: [change] } })),
      ...eventChanges
        .filter((change) => change.field === "assignee_id")
        .map((change) => ({ ...base, type: "issue.assigned" as const, payload: { changes: [change] } })),
    );
    return updated!;
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
    if ((await visibleLinkCount(tx, ctx, issue.id)) > 0) return true;
    await tx.update(issues).set({ deletedAt: sql`now()` }).where(eq(issues.id, issue.id));
    await appendEvents(tx, { ...issueEvent(ctx, issue), type: "issue.deleted", payload: { key: issue.key } });
    return false;
  });
  if (blocked) throw new DomainError("ISSUE_CANNOT_BE_DELETED", "Issue cannot be deleted while it has links; remove the links first");
  return issue.id;
}

async function visibleLinkCount(db: Database, ctx: AuthenticatedContext, issueId: string): Promise<number> {
  const other = alias(issues, "other_issue");
  const otherProject = alias(projects, "other_project");
  const [row] = await db
    .select({ value: count() })
    .from(issueLinks)
    .innerJoin(
      other,
      or(
        and(eq(issueLinks.sourceIssueId, issueId), eq(other.id, issueLinks.targetIssueId)),
        and(eq(issueLinks.targetIssueId, issueId), eq(other.id, issueLinks.sourceIssueId)),
      ),
    )
    .innerJoin(otherProject, eq(otherProject.id, other.projectId))
    .where(and(isNull(other.deletedAt), visibleProjects(ctx.actor, otherProject)));
  return row?.value ?? 0;
}
