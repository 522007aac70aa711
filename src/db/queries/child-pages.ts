import DataLoader from "dataloader";
import { and, count, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { anyOf } from "./any-of";
import { columnsNamed } from "./columns-named";
import type { Database } from "../client";
import { preparedQuery } from "./prepared-query";
import { afterPlaceholders, cursorKey, orderTerms, placeholderValues, type ListOrder } from "./keyset";
import { pageOf, probeLimit, type Page, type PageEntry, type PageWindow } from "./pagination";

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
  order: ListOrder;
  /**
   * Rows to leave out, such as soft-deleted ones, or the tenant's condition
   * that lets an index serve the order. Values only as `sql.placeholder`,
   * filled from the loader's `values`: the statement is shared by everyone.
   */
  where?: SQL;
}

const shapeKey = ({ window, columns }: ChildPageRequest) =>
  `${window.limit}:${window.offset}:${window.after ? JSON.stringify(window.after) : ""}:${columns?.join(",") ?? "*"}`;
const requestKey = (request: ChildPageRequest) => `${request.parentId}:${shapeKey(request)}`;

/**
 * Pages of children for many parents at once (`issues { comments(first: 5) }`):
 * one statement per distinct page window (size, offset or cursor), however
 * many parents. A cursor's keys are checked against the source's order
 * first; a foreign cursor fails only the pages asked for with it. With
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
      const pages = new Map<string, Page<Row> | Error>();
      const windows = new Map<string, ChildPageRequest[]>();
      for (const request of requests) {
        const key = shapeKey(request);
        windows.set(key, [...(windows.get(key) ?? []), request]);
      }
      for (const group of windows.values()) {
        const { window, columns } = group[0]!;
        let after: Record<string, unknown> = {};
        try {
          if (window.after) after = placeholderValues(source.order, window.after);
        } catch (error) {
          for (const request of group) pages.set(requestKey(request), error as Error);
          continue;
        }
        const parentIds = [...new Set(group.map((request) => request.parentId))];
        const byParent = await probePages(db, source, { ...values, ...after, parentIds, limit: probeLimit(window), offset: window.offset }, columns, window.after !== null);
        for (const parentId of parentIds) {
          const probe = (byParent.get(parentId) ?? []) as PageEntry<Row>[];
          pages.set(requestKey({ parentId, window, columns }), pageOf(window, source.order, probe, () => totals.load(parentId)));
        }
      }
      return requests.map((request) => pages.get(requestKey(request))!);
    },
    { cacheKeyFn: requestKey },
  );
}

/**
 * Up to `limit` rows per parent, with their keys (`cursorKey`), from
 * `offset` or after the cursor's keys, grouped by parent in page order; a
 * first page has no cursor condition at all. For several parents, the
 * pages' ids come from a `LATERAL` subquery per parent; the rows are then
 * read from the table itself, so drizzle maps plain columns rather than a
 * subquery's proxied ones. One parent, the usual
 * case (a board, an issue's comments), reads its page directly. One prepared
 * statement per source, column set, form and start (offset or cursor).
 *
 * PostgreSQL replans the `LATERAL` form on every run; the direct page it plans
 * once (docs/decisions/009-single-parent-child-pages.md).
 */
async function probePages<Table extends PgTable>(
  db: Database,
  source: ChildPageSource<Table>,
  values: Record<string, unknown> & { parentIds: string[] },
  names: readonly string[] | undefined,
  afterCursor: boolean,
) {
  const start = afterCursor ? "after" : "offset";
  const query = preparedQuery(db, `child_page:${source.name}:${names?.join(",") ?? "*"}:${start}`, (db) => {
    const id = (getTableColumns(source.table) as Record<string, AnyPgColumn>).id!;
    const all = source.columns ?? (getTableColumns(source.table) as Record<string, AnyPgColumn>);
    const columns = names ? (columnsNamed(all, ["id", source.parentKey, ...names]) as Record<string, AnyPgColumn>) : all;
    const selected = { row: columns, key: cursorKey(source.order) };
    const where = and(source.where, afterCursor ? afterPlaceholders(source.order) : undefined);
    const order = orderTerms(source.order);
    const pageIds = sql`select page.id from unnest(${sql.placeholder("parentIds")}::uuid[]) as parent(id) cross join lateral (
      select ${id} as id from ${source.table} where ${and(sql`${source.parent} = parent.id`, where)}
      order by ${sql.join(order, sql`, `)} limit ${sql.placeholder("limit")} offset ${sql.placeholder("offset")}) as page`;
    return {
      many: db
        .select(selected)
        .from(source.table as PgTable)
        .where(sql`${id} in (${pageIds})`)
        .orderBy(...order)
        .prepare(`child_pages_${source.name}_${start}`),
      one: db
        .select(selected)
        .from(source.table as PgTable)
        .where(and(eq(source.parent, sql.placeholder("parentId")), where))
        .orderBy(...order)
        .limit(sql.placeholder("limit"))
        .offset(sql.placeholder("offset"))
        .prepare(`child_page_${source.name}_${start}`),
    };
  });
  const { parentIds } = values;
  const entries = (parentIds.length === 1 ? await query.one.execute({ ...values, parentId: parentIds[0] }) : await query.many.execute(values)) as PageEntry<
    Record<string, unknown>
  >[];
  const byParent = new Map<string, PageEntry<Record<string, unknown>>[]>();
  for (const entry of entries) {
    const parentId = entry.row[source.parentKey] as string;
    const siblings = byParent.get(parentId);
    if (siblings) siblings.push(entry);
    else byParent.set(parentId, [entry]);
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
