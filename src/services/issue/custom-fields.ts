import { and, eq } from "drizzle-orm";
import { anyOf } from "../../db/queries/any-of";
import type { Database } from "../../db/client";
import { users, type CustomFieldDefinition } from "../../db/tables";
import { isUuid } from "../../db/uuid";
import { validationError } from "../../errors/domain-error";
import type { FieldError } from "../../errors/error-codes";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function problemWith(definition: CustomFieldDefinition, value: unknown, field: string): FieldError | null {
  switch (definition.type) {
    case "text":
      if (typeof value !== "string") return { field, code: "INVALID_FORMAT", message: `${definition.name} must be text` };
      return value.length > 10_000 ? { field, code: "VALUE_TOO_LONG", message: `${definition.name} must be at most 10000 characters` } : null;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : { field, code: "INVALID_FORMAT", message: `${definition.name} must be a number` };
    case "date":
      return typeof value === "string" && isCalendarDate(value)
        ? null
        : { field, code: "INVALID_FORMAT", message: `${definition.name} must be a date (YYYY-MM-DD)` };
    case "select":
      return typeof value === "string" && definition.options?.includes(value)
        ? null
        : { field, code: "INVALID_ENUM_VALUE", message: `${definition.name} must be one of: ${definition.options?.join(", ")}` };
    case "user":
      return typeof value === "string" && isUuid(value) ? null : { field, code: "INVALID_FORMAT", message: `${definition.name} must be a user id` };
  }
}

/**
 * Validates custom-field values against the project's definitions and
 * returns the merged result (`null` removes a value). Unknown keys, wrong
 * types, users outside the tenant and missing required fields are reported
 * together.
 */
export async function applyCustomFields(
  db: Database,
  tenantId: string,
  definitions: readonly CustomFieldDefinition[],
  current: Record<string, unknown>,
  changes: Record<string, unknown> | null | undefined,
): Promise<Record<string, unknown>> {
  const problems: FieldError[] = [];
  const merged: Record<string, unknown> = { ...current };
  const userIds: { id: string; field: string; name: string }[] = [];
  for (const [key, value] of Object.entries(changes ?? {})) {
    const field = `customFields.${key}`;
    const definition = definitions.find((candidate) => candidate.key === key);
    if (!definition) {
      problems.push({ field, code: "INVALID_FORMAT", message: `Unknown custom field '${key}'` });
      continue;
    }
    if (value === null) {
      delete merged[key];
      continue;
    }
    const normalised = typeof value === "string" && definition.type !== "text" ? value.trim() : value;
    const problem = problemWith(definition, normalised, field);
    if (problem) problems.push(problem);
    else {
      merged[key] = normalised;
      if (definition.type === "user") userIds.push({ id: normalised as string, field, name: definition.name });
    }
  }
  for (const definition of definitions) {
    if (definition.required && (!Object.hasOwn(merged, definition.key) || merged[definition.key] === "")) {
      problems.push({ field: `customFields.${definition.key}`, code: "REQUIRED_FIELD_MISSING", message: `${definition.name} is required` });
    }
  }
  if (userIds.length && !problems.length) {
    const found = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), anyOf(users.id, userIds.map((entry) => entry.id))));
    const known = new Set(found.map((row) => row.id));
    for (const entry of userIds.filter((candidate) => !known.has(candidate.id))) {
      problems.push({ field: entry.field, code: "INVALID_FORMAT", message: `${entry.name} is not a user of this workspace` });
    }
  }
  if (problems.length) throw validationError(problems);
  return merged;
}
