import { getTableColumns } from "drizzle-orm";
import { issues } from "./tables";

const { searchVector: _searchVector, ...readable } = getTableColumns(issues);

/**
 * Every column of an issue but `search_vector`, for reads of whole issues.
 * That column only feeds the full-text index and search filters, and it is a
 * row's widest value: read with each issue, it cost transfer and parsing and
 * was never used.
 */
export const issueColumns = readable;

/**
 * The columns of `issueColumns` named, plus the id. Rows read with them
 * carry only those properties: for callers that know which ones their
 * readers use (a page whose GraphQL selection is known).
 */
export function issueColumnsNamed(names: readonly string[]): Partial<typeof issueColumns> {
  const all = issueColumns as Record<string, (typeof issueColumns)[keyof typeof issueColumns]>;
  return Object.fromEntries(["id", ...names].filter((name) => name in all).map((name) => [name, all[name]!]));
}
