import DataLoader from "dataloader";
import { and, count, getTableColumns, gt, inArray, lte, sql, type SQL, type Subquery } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../db/client";
import { toPage, type Page, type PageWindow } from "./pagination";

export interface ChildPageRequest {
  parentId: string;
  window: PageWindow;
}

export interface ChildPageSource<Table extends PgTable> {
  table: Table;
  /** The column naming the parent (`comments.issue_id`) and its property name on a row (`issueId`). */
  parent: AnyPgColumn;
  parentKey: keyof Table["$inferSelect"] & string;
  /** Order within one parent's list; must be total (end with a unique column). */
  order: SQL;
  /** Rows to leave out, such as soft-deleted ones. */
  where?: SQL;
}

/**
 * Pages of children for many parents at once (`issues { comments(first: 5) }`):
 * one windowed statement per distinct page window, however many parents.
 * Rows are numbered per parent with `row_number()`, and `count(*)` over the
 * same partition gives each parent's total. Only parents asked for a page
 * past their end need a second, grouped count.
 */
export function childPageLoader<Table extends PgTable>(db: Database, source: ChildPageSource<Table>) {
  type Row = Table["$inferSelect"];
  return new DataLoader<ChildPageRequest, Page<Row>, string>(
    async (requests) => {
      const pages = new Map<string, Page<Row>>();
      const windows = new Map<string, ChildPageRequest[]>();
      for (const request of requests) {
        const key = `${request.window.limit}:${request.window.offset}`;
        windows.set(key, [...(windows.get(key) ?? []), request]);
      }
      for (const group of windows.values()) {
        const { window } = group[0]!;
        const parentIds = [...new Set(group.map((request) => request.parentId))];
        const ranked = db
          .select({
            ...getTableColumns(source.table),
            rank: sql<number>`row_number() over (partition by ${source.parent} order by ${source.order})`.mapWith(Number).as("child_rank"),
            total: sql<number>`count(*) over (partition by ${source.parent})`.mapWith(Number).as("child_total"),
          })
          .from(source.table as PgTable)
          .where(and(inArray(source.parent, parentIds), source.where))
          // drizzle cannot type a subquery over a generic table; its shape is the selection just above.
          .as("ranked") as unknown as Subquery & { rank: AnyPgColumn };
        const rows = (await db
          .select()
          .from(ranked)
          .where(and(gt(ranked.rank, window.offset), lte(ranked.rank, window.offset + window.limit)))
          .orderBy(ranked.rank)) as unknown as (Row & { rank: number; total: number })[];
        const byParent = new Map<string, { rows: Row[]; total: number }>();
        for (const { rank: _rank, total, ...row } of rows) {
          const parentId = (row as Record<string, unknown>)[source.parentKey] as string;
          const entry = byParent.get(parentId) ?? { rows: [], total };
          entry.rows.push(row as Row);
          byParent.set(parentId, entry);
        }
        const missing = parentIds.filter((id) => !byParent.has(id));
        const totals = missing.length && window.offset > 0 ? await countChildren(db, source, missing) : new Map<string, number>();
        for (const parentId of parentIds) {
          const entry = byParent.get(parentId) ?? { rows: [], total: totals.get(parentId) ?? 0 };
          pages.set(`${parentId}:${window.limit}:${window.offset}`, toPage(entry.rows, entry.total, window));
        }
      }
      return requests.map((request) => pages.get(`${request.parentId}:${request.window.limit}:${request.window.offset}`)!);
    },
    { cacheKeyFn: (request) => `${request.parentId}:${request.window.limit}:${request.window.offset}` },
  );
}

async function countChildren<Table extends PgTable>(db: Database, source: ChildPageSource<Table>, parentIds: string[]) {
  const rows = await db
    .select({ parentId: sql<string>`${source.parent}`, value: count() })
    .from(source.table as PgTable)
    .where(and(inArray(source.parent, parentIds), source.where))
    .groupBy(source.parent);
  return new Map(rows.map((row) => [row.parentId, row.value]));
}
