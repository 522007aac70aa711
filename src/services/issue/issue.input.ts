import { z } from "zod";
import { expectedUpdatedAtField } from "../../db/queries/optimistic-lock";
import { descriptionField, idField, searchField } from "../common";

const summaryField = z.string({ error: "Summary is required" }).trim().min(1, "Summary is required").max(255, "Summary must be at most 255 characters");
const valueField = (label: string) => z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(50);
const customFieldsInput = z.record(z.string(), z.unknown()).nullish();

/** Input of `createIssue`. */
export const createIssueSchema = z.object({
  projectId: idField("Project"),
  summary: summaryField,
  description: descriptionField(50_000).optional(),
  issueType: valueField("Issue type"),
  priority: valueField("Priority").nullish(),
  assigneeId: idField("Assignee").nullish(),
  customFields: customFieldsInput,
});

/** Input of `updateIssue`: every field optional. */
export const updateIssueSchema = z.object({
  summary: summaryField.optional(),
  description: descriptionField(50_000).optional(),
  issueType: valueField("Issue type").optional(),
  status: valueField("Status").optional(),
  priority: valueField("Priority").optional(),
  assigneeId: idField("Assignee").nullable().optional(),
  resolution: z.string().trim().max(255, "Resolution must be at most 255 characters").nullable().optional().transform((value) => (value === "" ? null : value)),
  customFields: customFieldsInput,
  expectedUpdatedAt: expectedUpdatedAtField,
});

/** Filters of `listIssues`; field names in messages are the REST ones. */
export const issueFilterSchema = z.object({
  projectId: idField("project_id").nullish(),
  assigneeId: idField("assignee_id").nullish(),
  reporterId: idField("reporter_id").nullish(),
  status: z.string().max(50).nullish(),
  priority: z.string().max(50).nullish(),
  issueType: z.string().max(50).nullish(),
  search: searchField.nullish(),
});

export type IssueFilter = z.input<typeof issueFilterSchema>;
