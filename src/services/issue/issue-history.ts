import type { IssueRow } from "../../db/tables";

/** Issue fields whose changes are recorded, with the name history shows for each (the REST spelling). */
const TRACKED = {
  summary: "summary",
  description: "description",
  issueType: "issue_type",
  status: "status",
  priority: "priority",
  assigneeId: "assignee_id",
  resolution: "resolution",
} as const;

export interface FieldChange {
  field: string;
  fromValue: unknown;
  toValue: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The field-level differences `next` would make to `issue`; custom fields are compared key by key. */
export function changedFields(issue: IssueRow, next: Partial<Record<keyof typeof TRACKED | "customFields", unknown>>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [property, field] of Object.entries(TRACKED) as [keyof typeof TRACKED, string][]) {
    if (next[property] !== undefined && !same(issue[property], next[property])) {
      changes.push({ field, fromValue: issue[property] ?? null, toValue: next[property] ?? null });
    }
  }
  const custom = next.customFields as Record<string, unknown> | undefined;
  if (custom) {
    for (const key of new Set([...Object.keys(issue.customFields), ...Object.keys(custom)])) {
      if (!same(issue.customFields[key], custom[key])) {
        changes.push({ field: `custom_fields.${key}`, fromValue: issue.customFields[key] ?? null, toValue: custom[key] ?? null });
      }
    }
  }
  return changes;
}
