import type { IssueRow } from "../../db/tables";

export type IssueColumn = keyof IssueRow;

/**
 * What a board card shows: enough for the fields in SERVED_BY_CARD. Each
 * column read costs on every row (docs/decisions/013-card-columns.md). Kept
 * sorted, like every set returned, since the list names the page's statement.
 */
const CARD: readonly IssueColumn[] = ["assigneeId", "id", "key", "priority", "projectId", "reporterId", "status", "summary"];
const SERVED_BY_CARD = new Set(["__typename", "id", "key", "summary", "status", "priority", "project", "assignee", "reporter", "attachments", "links", "comments", "history"]);

/** The narrow columns, enough for every field of `Issue` but the two below, its own resolvers' included. */
const BASE: readonly IssueColumn[] = [...CARD, "tenantId", "number", "issueType", "createdAt", "updatedAt"];
const SERVED_BY_BASE = new Set([...SERVED_BY_CARD, "issueType", "createdAt", "updatedAt"]);

/** The wide columns, read only for the fields that show them. */
const WIDE: Record<string, IssueColumn> = { description: "description", customFields: "customFields" };

/**
 * The columns a page of issues needs for the fields its query selects on
 * the items (`fieldsOnNodes`), or undefined for all of them. A board shows neither
 * descriptions nor custom fields, so it does not read them. The choice is
 * among five fixed sets (CARD, or BASE with
 * either, both or none of the wide columns), so a page's statement is one
 * of a few per source whatever a client selects (each one is kept prepared
 * on every connection). A field known to neither list (one added
 * to the schema later) makes the page read every column, so it can never
 * come out blank.
 */
export function issueColumnsFor(selected: ReadonlySet<string>): readonly IssueColumn[] | undefined {
  if ([...selected].every((field) => SERVED_BY_CARD.has(field))) return CARD;
  const columns = new Set<IssueColumn>(BASE);
  for (const field of selected) {
    const wide = Object.hasOwn(WIDE, field) ? WIDE[field] : undefined;
    if (wide) columns.add(wide);
    else if (!SERVED_BY_BASE.has(field)) return undefined;
  }
  return [...columns].sort();
}
