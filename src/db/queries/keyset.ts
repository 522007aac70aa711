import { and, asc, desc, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { validationError } from "../../errors/domain-error";
import { isUuid } from "../uuid";

/**
 * How a sort key's value travels in a cursor: written by PostgreSQL into the
 * key's JSON (`wire`), checked when a cursor comes back (`valid`), and turned
 * back into a value of the key's type (`value`). A value `valid` accepts
 * never makes PostgreSQL raise an error.
 */
interface KeyKind {
  wire(expression: SQLWrapper): SQL;
  valid(value: unknown): boolean;
  value(param: SQLWrapper): SQL;
}

/** A UTF-16 surrogate without its partner: text PostgreSQL cannot take. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const KINDS = {
  // Microseconds since 1970 as an integer: a JavaScript Date keeps only milliseconds, and two
  // rows a few microseconds apart must not share a key. Any safe integer is within PostgreSQL's range.
  timestamp: {
    wire: (expression) => sql`(extract(epoch from ${expression}) * 1000000)::bigint`,
    valid: Number.isSafeInteger,
    value: (param) => sql`(timestamptz 'epoch' + ${param}::bigint * interval '1 microsecond')`,
  },
  integer: { wire: (expression) => sql`${expression}`, valid: Number.isSafeInteger, value: (param) => sql`${param}::bigint` },
  float: {
    wire: (expression) => sql`(${expression})::float8`,
    // Finite and clear of the ends of float8, where PostgreSQL refuses the text as out of range.
    valid: (value) => typeof value === "number" && (value === 0 || (Math.abs(value) > 1e-300 && Math.abs(value) < 1e300)),
    value: (param) => sql`${param}::float8`,
  },
  text: {
    wire: (expression) => sql`${expression}`,
    valid: (value) => typeof value === "string" && !value.includes("\u0000") && !LONE_SURROGATE.test(value),
    value: (param) => sql`${param}::text`,
  },
  uuid: { wire: (expression) => sql`${expression}`, valid: (value) => typeof value === "string" && isUuid(value), value: (param) => sql`${param}::uuid` },
} satisfies Record<string, KeyKind>;

export type KeyKindName = keyof typeof KINDS;

/** A column or expression a list may be sorted on, with how its values travel in cursors. */
export interface SortKey {
  expression: SQLWrapper;
  kind: KeyKindName;
}

const KIND_OF_SQL_TYPE: Record<string, KeyKindName> = {
  "timestamp with time zone": "timestamp",
  integer: "integer",
  bigint: "integer",
  text: "text",
  uuid: "uuid",
};

/** A column as a sort key; its kind follows its SQL type. */
export function sortKey(column: SQLWrapper & { getSQLType(): string }): SortKey {
  const kind = KIND_OF_SQL_TYPE[column.getSQLType()];
  if (!kind) throw new Error(`no cursor form for columns of type ${column.getSQLType()}`);
  return { expression: column, kind };
}

/** One ORDER BY term of a list. */
export interface OrderTerm extends SortKey {
  descending: boolean;
}

/**
 * A list's total order: its ORDER BY terms, the last of them unique (the
 * id), and a tag that names the order in its cursors, such as
 * `issue:-created_at`. Lists whose orders share a tag page with each
 * other's cursors.
 */
export interface ListOrder {
  tag: string;
  terms: readonly OrderTerm[];
}

/** Where a cursor says a page starts: after the row whose keys are `values`, in the order `tag` names. Not yet checked. */
export interface CursorKey {
  tag: string;
  values: readonly unknown[];
}

/** A list's order as ORDER BY terms. */
export const orderTerms = (order: ListOrder): SQL[] => order.terms.map((term) => (term.descending ? desc(term.expression) : asc(term.expression)));

/**
 * A row's keys in the list's order as JSON text, selected with each row of a
 * page: the cursor of the row, once tagged and encoded. PostgreSQL writes it
 * so that timestamps keep their microseconds.
 */
export const cursorKey = (order: ListOrder) =>
  sql<string>`json_build_array(${sql.join(
    order.terms.map((term) => KINDS[term.kind].wire(term.expression)),
    sql`, `,
  )})::text`;

/**
 * The rows after the cursor's row in the list's order: `a < $a or (a = $a
 * and id > $id)` for `a desc, id`. It depends only on the keys, not on the
 * row, so rows inserted or deleted meanwhile, the cursor's own included,
 * move no other row across it. The leading bound (`a <= $a`) repeats the
 * first term on its own, so an index on the first key starts the scan at
 * the cursor rather than at the top of the list.
 */
export function after(order: ListOrder, params: readonly SQLWrapper[]): SQL {
  const values = order.terms.map((term, index) => KINDS[term.kind].value(params[index]!));
  let beyond: SQL | undefined;
  for (let index = order.terms.length - 1; index >= 0; index--) {
    const { expression, descending } = order.terms[index]!;
    const strictly = descending ? sql`${expression} < ${values[index]}` : sql`${expression} > ${values[index]}`;
    beyond = beyond ? sql`(${strictly} or (${expression} = ${values[index]} and ${beyond}))` : strictly;
  }
  if (order.terms.length === 1) return beyond!;
  const [first] = order.terms;
  return and(first!.descending ? sql`${first!.expression} <= ${values[0]}` : sql`${first!.expression} >= ${values[0]}`, beyond)!;
}

/** `after` with a placeholder per key, `after0`, `after1`…, filled by `placeholderValues`: for prepared statements. */
export const afterPlaceholders = (order: ListOrder): SQL => after(order, order.terms.map((_, index) => sql.placeholder(`after${index}`)));

/**
 * A cursor's keys, checked against the list's order: 400 VALIDATION_ERROR
 * for a cursor of another list (another kind of item, another sort) or keys
 * that are not of the order's types, so no cursor reaches PostgreSQL as a
 * value it would refuse.
 */
export function cursorValues(order: ListOrder, cursor: CursorKey): unknown[] {
  const fits = cursor.tag === order.tag && cursor.values.length === order.terms.length && order.terms.every((term, index) => KINDS[term.kind].valid(cursor.values[index]));
  if (!fits) throw validationError([{ field: "after", code: "INVALID_FORMAT", message: "after is not a cursor of this list" }]);
  return [...cursor.values];
}

/** A checked cursor's keys as the values of `afterPlaceholders`. */
export const placeholderValues = (order: ListOrder, cursor: CursorKey): Record<string, unknown> =>
  Object.fromEntries(cursorValues(order, cursor).map((value, index) => [`after${index}`, value]));

/** A checked cursor's condition with its keys as parameters: for statements built per request. */
export const afterCursor = (order: ListOrder, cursor: CursorKey): SQL => after(order, cursorValues(order, cursor).map((value) => sql.param(value)));
