import DataLoader from "dataloader";
import { and, count, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { anyOf } from "./any-of";
import { columnsNamed } from "./columns-named";
import type { Database } from "../client";
import { preparedQuery } from "./prepared-query";
import { pageFromProbe, type Page, type PageWindow } from "./pagination";

export interface ChildPageRequest {
  parentId: string;
  window: PageWindow;
  /** Properties of the rows to read, sorted; default all. `id` and the parent's are read anyway. */
  columns?: readonly string[];
}

export interface ChildPageSource<Table extends PgTable> {
  /** Names the source's prepared statements. */
  name: string;
  table: Table;
  /** The columns read; default all of the table's. */
  columns?: Record<string, AnyPgColumn>;
  /** The column naming the parent (`comments.issue_id`) and its property name on a row (`issueId`). */
  parent: AnyPgColumn;
  parentKey: keyof Table["$inferSelect"] & string;
  /** Order within one parent's list; must be total (end with a unique column). */
  order: SQL;
  /**
   * Rows to leave out, such as soft-deleted ones, or the tenant's condition
   * that lets an index serve the order. Values only as `sql.placeholder`,
   * filled from the loader's `values`: the statement is shared by everyone.
   */
  where?: SQL;
}

const shapeKey = (request: ChildPageRequest) => `${request.window.limit}:${request.window.offset}:${request.columns?.join(",") ?? "*"}`;
const requestKey = (request: ChildPageRequest) => `${request.parentId}:${shapeKey(request)}`;

/**
 * Pages of children for many parents at once (`issues { comments(first: 5) }`):
 * one statement per distinct page window, however many parents. With
 * several parents, each parent's page is a `LATERAL` subquery with its own
 * `LIMIT`, so PostgreSQL reads each page in index order and stops; a
 * single parent reads its page directly (`probePages`). One row more than
 * the page tells whether another follows. Totals are counted only when
 * `totalCount` is asked for, in one grouped statement for all parents that
 * need it.
 */
export function childPageLoader<Table extends PgTable>(db: Database, source: ChildPageSource<Table>, values: Record<string, unknown> = {}) {
  type Row = Table["$inferSelect"];
  const totals = childCountLoader(db, source, values);
  return new DataLoader<ChildPageRequest, Page<Row>, string>(
    async (requests) => {
      const pages = new Map<string, Page<Row>>();
      const windows = new Map<string, ChildPageRequest[]>();
      for (const request of requests) {
        const key = shapeKey(request);
        windows.set(key, [...(windows.get(key) ?? []), request]);
      }
      for (const group of windows.values()) {
        const { window, columns } = group[0]!;
        const parentIds = [...new Set(group.map((request) => request.parentId))];
        const byParent = await probePages(db, source, { ...values, parentIds, limit: window.limit + 1, offset: window.offset }, columns);
        for (const parentId of parentIds) {
          const probe = (byParent.get(parentId) ?? []) as Row[];
          pages.set(requestKey({ parentId, window, columns }), pageFromProbe(probe, window, () => totals.load(parentId)));
        }
      }
      return requests.map((request) => pages.get(requestKey(request))!);
    },
    { cacheKeyFn: requestKey },
  );
}

/**
 * Up to `limit + 1` rows per parent from `offset`, grouped by parent in page
 * order. For several parents, the pages' ids come from a `LATERAL` subquery
 * per parent; the rows are then read from the table itself, so drizzle maps
 * plain columns rather than a subquery's proxied ones. One parent, the usual
 * case (a board, an issue's comments), reads its page directly. One prepared
 * statement per source, column set and form.
 *
 * PostgreSQL replans the `LATERAL` form on every run; the direct page it plans
 * once (docs/decisions/009-single-parent-child-pages.md).
 */
async function probePages<Table extends PgTable>(
  db: Database,
  source: ChildPageSource<Table>,
  values: Record<string, unknown> & { parentIds: string[] },
  names: readonly string[] | undefined,
) {
  const query = preparedQuery(db, `child_page:${source.name}:${names?.join(",") ?? "*"}`, (db) => {
    const id = (getTableColumns(source.table) as Record<string, AnyPgColumn>).id!;
    const all = source.columns ?? (getTableColumns(source.table) as Record<string, AnyPgColumn>);
    const columns = names ? (columnsNamed(all, ["id", source.parentKey, ...names]) as Record<string, AnyPgColumn>) : all;
    const pageIds = sql`select page.id from unnest(${sql.placeholder("parentIds")}::uuid[]) as parent(id) cross join lateral (
      select ${id} as id from ${source.table} where ${and(sql`${source.parent} = parent.id`, source.where)}
      order by ${source.order} limit ${sql.placeholder("limit")} offset ${sql.placeholder("offset")}) as page`;
    return {
      many: db
        .select(columns)
        .from(source.table as PgTable)
        .where(sql`${id} in (${pageIds})`)
        .orderBy(source.order)
        .prepare(`child_pages_${source.name}`),
      one: db
        .select(columns)
        .from(source.table as PgTable)
        .where(and(eq(source.parent, sql.placeholder("parentId")), source.where))
        .orderBy(source.order)
        .limit(sql.placeholder("limit"))
        .offset(sql.placeholder("offset"))
        .prepare(`child_page_${source.name}`),
    };
  });
  const { parentIds } = values;
  const rows = (parentIds.length === 1 ? await query.one.execute({ ...values, parentId: parentIds[0] }) : await query.many.execute(values)) as Record<string, unknown>[];
  const byParent = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const parentId = row[source.parentKey] as string;
    const siblings = byParent.get(parentId);
    if (siblings) siblings.push(row);
    else byParent.set(parentId, [row]);
  }
  return byParent;
}

/** Each parent's number of children, for the pages whose total was asked for and is not known from the page itself. */
function childCountLoader<Table extends PgTable>(db: Database, source: ChildPageSource<Table>, values: Record<string, unknown>) {
  return new DataLoader<string, number>(async (parentIds) => {
    const query = preparedQuery(db, `child_count:${source.name}`, (db) =>
      db
        .select({ parentId: sql<string>`${source.parent}`, value: count() })
        .from(source.table as PgTable)
        .where(and(anyOf(source.parent, sql.placeholder("parentIds")), source.where))
        .groupBy(source.parent)
        .prepare(`child_count_${source.name}`),
    );
    const rows = await query.execute({ ...values, parentIds: [...parentIds] });
    const counts = new Map(rows.map((row) => [row.parentId, row.value]));
    return parentIds.map((id) => counts.get(id) ?? 0);
  });
}
