import type { GraphQLResolveInfo } from "graphql";
import type { IssueRow } from "../db/tables";
import { fieldsOnNodes } from "./lookahead";

export type IssueColumn = keyof IssueRow;

/** The row properties each field of `Issue` reads, its own resolver's included. */
const READS: Record<string, readonly IssueColumn[]> = {
  __typename: [],
  id: ["id"],
  key: ["key"],
  summary: ["summary"],
  description: ["description"],
  issueType: ["issueType"],
  status: ["status"],
  priority: ["priority"],
  customFields: ["customFields"],
  createdAt: ["createdAt"],
  updatedAt: ["updatedAt"],
  project: ["projectId"],
  assignee: ["assigneeId"],
  reporter: ["reporterId"],
  attachments: [],
  links: ["id"],
  comments: ["id"],
  history: ["id"],
};

/** Read whatever is selected: what identifies an issue and places it in its tenant and project. */
const ALWAYS: readonly IssueColumn[] = ["id", "tenantId", "projectId"];

/**
 * The columns a page of issues needs for the fields its query selects on
 * the items, or undefined for all of them. A board asks for a handful of
 * fields; reading descriptions and custom fields it never shows cost more
 * than a tenth of the request. A field missing from READS (one added to the
 * schema later) makes the page read every column, so it can never come out
 * blank.
 */
export function issueColumnsFor(info: GraphQLResolveInfo): IssueColumn[] | undefined {
  const columns = new Set<IssueColumn>(ALWAYS);
  for (const field of fieldsOnNodes(info)) {
    const reads = READS[field];
    if (!reads) return undefined;
    for (const column of reads) columns.add(column);
  }
  return [...columns].sort();
}
