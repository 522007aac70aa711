import DataLoader from "dataloader";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { anyOf } from "../../db/queries/any-of";
import { preparedQuery } from "../../db/queries/prepared-query";
import type { UserView } from "../../db/queries/user-columns";
import type { Actor } from "../../auth/actor";
import type { Database } from "../../db/client";
import { comments, issueHistory, issues, projectMembers, projects, type IssueRow, type ProjectMemberRow, type ProjectRow, type WorkflowRow } from "../../db/tables";
import { issueColumns } from "../../db/queries/issue-columns";
import { childPageLoader, type ChildPageSource } from "../../db/queries/child-pages";
import { sortKey } from "../../db/queries/keyset";
import { RowLoader } from "./row-loader";
import { linksOfIssues, type LinkView } from "../../services/issue";
import { activeWorkflowsFor, TransitionJudge, type TransitionOption } from "../../services/workflow";
import type { UserViewCache } from "../../db/queries/user-view-cache";

function byId<Row extends { id: string }>(rows: Row[], ids: readonly string[]): (Row | null)[] {
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id) ?? null);
}

// Children of parents the caller could already read: the parent's visibility covers them.
const ISSUES_OF_PROJECT = {
  name: "issues_of_project",
  table: issues,
  columns: issueColumns,
  parent: issues.projectId,
  parentKey: "projectId",
  // The order and tag of `issues(sort: "-created_at")`: cursors of either list page the other.
  order: {
    tag: "issue:-created_at",
    terms: [
      { ...sortKey(issues.createdAt), descending: true },
      { ...sortKey(issues.id), descending: false },
    ],
  },
  // The tenant lets (tenant_id, project_id, created_at) serve the order.
  where: and(eq(issues.tenantId, sql.placeholder("tenantId")), isNull(issues.deletedAt)),
} satisfies ChildPageSource<typeof issues>;

const COMMENTS_OF_ISSUE = {
  name: "comments_of_issue",
  table: comments,
  parent: comments.issueId,
  parentKey: "issueId",
  order: {
    tag: "comment:created_at",
    terms: [
      { ...sortKey(comments.createdAt), descending: false },
      { ...sortKey(comments.id), descending: false },
    ],
  },
  where: isNull(comments.deletedAt),
} satisfies ChildPageSource<typeof comments>;

const HISTORY_OF_ISSUE = {
  name: "history_of_issue",
  table: issueHistory,
  parent: issueHistory.issueId,
  parentKey: "issueId",
  order: { tag: "history:sequence", terms: [{ ...sortKey(issueHistory.sequence), descending: false }] },
} satisfies ChildPageSource<typeof issueHistory>;

const issuesById = (db: Database) =>
  preparedQuery(db, "issues_by_id", (db) =>
    db
      .select(issueColumns)
      .from(issues)
      .where(and(eq(issues.tenantId, sql.placeholder("tenantId")), isNull(issues.deletedAt), anyOf(issues.id, sql.placeholder("ids"))))
      .prepare("issues_by_id"),
  );

/**
 * Per-request batching of related objects, so a list resolves each kind of
 * relation with one statement. Every loader is scoped to the actor's tenant.
 * Callers only ask for relations of objects they were allowed to read.
 * Users come through the process-wide `userViews`, often without a statement.
 */
export function createLoaders(db: Database, userViews: UserViewCache, actor: Actor | null) {
  const tenantId = actor?.tenantId ?? "00000000-0000-0000-0000-000000000000";
  return {
    user: new RowLoader<UserView>((ids) => userViews.read(tenantId, ids)),
    project: new RowLoader<ProjectRow>(async (ids) =>
      byId(
        await db
          .select()
          .from(projects)
          .where(and(eq(projects.tenantId, tenantId), isNull(projects.deletedAt), anyOf(projects.id, [...ids]))),
        ids,
      ),
    ),
    issue: new RowLoader<IssueRow>(async (ids) => byId(await issuesById(db).execute({ tenantId, ids: [...ids] }), ids)),
    membersOfProject: new DataLoader<string, ProjectMemberRow[]>(async (projectIds) => {
      const rows = await db
        .select()
        .from(projectMembers)
        .where(and(eq(projectMembers.tenantId, tenantId), anyOf(projectMembers.projectId, [...projectIds])))
        .orderBy(projectMembers.joinedAt, projectMembers.userId);
      return projectIds.map((id) => rows.filter((row) => row.projectId === id));
    }),
    issueCountsByStatus: new DataLoader<string, Map<string, number>>(async (projectIds) => {
      const rows = await db
        .select({ projectId: issues.projectId, status: issues.status, value: count() })
        .from(issues)
        .where(and(eq(issues.tenantId, tenantId), isNull(issues.deletedAt), anyOf(issues.projectId, [...projectIds])))
        .groupBy(issues.projectId, issues.status);
      return projectIds.map((id) => new Map(rows.filter((row) => row.projectId === id).map((row) => [row.status, row.value])));
    }),
    workflowsOfProject: new DataLoader<string, WorkflowRow[]>(async (projectIds) => {
      const rows = await activeWorkflowsFor(db, tenantId, projectIds);
      return projectIds.map((id) => rows.filter((row) => row.projectId === id || row.projectId === null));
    }),
    ...createViewerLoaders(db, actor),
    issuesOfProject: childPageLoader(db, ISSUES_OF_PROJECT, { tenantId }),
    commentsOfIssue: childPageLoader(db, COMMENTS_OF_ISSUE),
    historyOfIssue: childPageLoader(db, HISTORY_OF_ISSUE),
  };
}

/** Loaders whose answers depend on who asks: never shared between actors (the live feed makes them per viewer). */
export function createViewerLoaders(db: Database, actor: Actor | null) {
  return {
    linksOfIssue: createLinksLoader(db, actor),
    transitionsOfIssue: new DataLoader<IssueRow, TransitionOption[], string>(
      async (rows) => {
        if (!actor) return rows.map(() => []);
        const judge = await TransitionJudge.load(db, actor, rows);
        return rows.map((row) => judge.options(row));
      },
      { cacheKeyFn: (row) => row.id },
    ),
  };
}

function createLinksLoader(db: Database, actor: Actor | null) {
  return new DataLoader<string, LinkView[]>(async (issueIds) => {
    if (!actor) return issueIds.map(() => []);
    const links = await linksOfIssues(db, actor, issueIds);
    return issueIds.map((id) => links.get(id) ?? []);
  });
}

export type Loaders = ReturnType<typeof createLoaders>;
