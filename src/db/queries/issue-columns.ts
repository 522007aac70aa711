import { getTableColumns } from "drizzle-orm";
import { issues } from "../tables";

const { searchVector: _searchVector, ...readable } = getTableColumns(issues);

/**
 * Every column of an issue but `search_vector`, for reads of whole issues.
 * That column only feeds the full-text index and search filters, and it is a
 * row's widest value: read with each issue, it cost transfer and parsing and
 * was never used.
 */
export const issueColumns = readable;

