import { and, count, eq, isNull, sql, type SQL } from "drizzle-orm";
import { visibleProjectsTo } from "../../auth/access";
import type { Database } from "../../db/client";
import { issues, projects, type IssueRow } from "../../db/tables";
import { columnsNamed } from "../../db/queries/columns-named";
import { issueColumns } from "../../db/queries/issue-columns";
import { preparedQuery } from "../../db/queries/prepared-query";
import { unnamed } from "../../platform/drizzle-unnamed-statement";
import { afterPlaceholders, cursorKey, orderTerms, sortKey, type SortKey } from "../../db/queries/keyset";
import { totalOf } from "../../db/queries/pagination";
import { listOrder } from "../../db/queries/sorting";

const sortable: Record<string, SortKey> = {
  created_at: sortKey(issues.createdAt),
  updated_at: sortKey(issues.updatedAt),
  key: sortKey(issues.number),
  summary: sortKey(issues.summary),
  status: sortKey(issues.status),
  priority: sortKey(issues.priority),
};

export type IssueListFilter = "projectId" | "assigneeId" | "reporterId" | "status" | "priority" | "issueType" | "search";

/** Issue-list filters as conditions on their placeholder, named after the filter. */
const FILTER_CONDITIONS: Record<IssueListFilter, () => SQL> = {
  projectId: () => eq(issues.projectId, sql.placeholder("projectId")),
  assigneeId: () => eq(issues.assigneeId, sql.placeholder("assigneeId")),
  reporterId: () => eq(issues.reporterId, sql.placeholder("reporterId")),
  status: () => eq(issues.status, sql.placeholder("status")),
  priority: () => eq(issues.priority, sql.placeholder("priority")),
  issueType: () => eq(issues.issueType, sql.placeholder("issueType")),
  search: () => sql`${issues.searchVector} @@ websearch_to_tsquery('english', ${sql.placeholder("search")})`,
};

/** Every filter of the issue list, in the order their conditions are written. */
export const ISSUE_LIST_FILTERS = Object.keys(FILTER_CONDITIONS) as IssueListFilter[];

/** What decides the text of an issue-list statement. Never a value, so one statement serves every caller of the shape. */
export interface IssueListShape {
  admin: boolean;
  filters: readonly IssueListFilter[];
  sort: string;
  columns: readonly (keyof IssueRow)[] | undefined;
  /** Whether the page starts after a cursor (`afterPlaceholders`) rather than at an offset. */
  after: boolean;
}

/**
 * The list's order, the page and the count statements of an issue-list
 * shape, built once per database handle; the page carries each row's keys
 * (`cursorKey`) and the total (`totalOf`).
 */
export function issueListQueries(db: Database, shape: IssueListShape) {
  const name = `issue_list:${shape.admin}:${shape.filters.join(",")}:${shape.sort}:${shape.columns?.join(",") ?? "*"}:${shape.after ? "after" : "offset"}`;
  return preparedQuery(db, name, (db) => {
    const allowed = { ...sortable };
    if (shape.filters.includes("search")) {
      allowed.relevance = { expression: sql`ts_rank(${issues.searchVector}, websearch_to_tsquery('english', ${sql.placeholder("search")})) * -1`, kind: "float" };
    }
    const order = listOrder("issue", shape.sort, allowed, shape.sort, issues.id);
    const viewer = { admin: shape.admin, tenantId: sql.placeholder("tenantId"), userId: sql.placeholder("userId") };
    const where = and(
      eq(issues.tenantId, sql.placeholder("tenantId")),
      isNull(issues.deletedAt),
      ...shape.filters.map((filter) => FILTER_CONDITIONS[filter]()),
      visibleProjectsTo(viewer),
    );
    const counted = db.select({ value: count() }).from(issues).innerJoin(projects, eq(projects.id, issues.projectId)).where(where);
    const page = db
      .select({ row: shape.columns ? columnsNamed(issueColumns, ["id", ...shape.columns]) : issueColumns, key: cursorKey(order), total: totalOf(counted) })
      .from(issues)
      .innerJoin(projects, eq(projects.id, issues.projectId))
      .where(shape.after ? and(where, afterPlaceholders(order)) : where)
      .orderBy(...orderTerms(order))
      .limit(sql.placeholder("limit"))
      .offset(sql.placeholder("offset"));
    // Shapes are as many as clients care to combine: built once here, but never kept on the server.
    return { order, page: unnamed(page.prepare(name)), count: unnamed(counted.prepare(`${name}:count`)) };
  });
}
