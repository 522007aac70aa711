import { z } from "zod";
import type { CustomFieldDefinition, ProjectSettings } from "../../db/tables";
import { validationError } from "../../errors/domain-error";
import { inputProblems, parseInput } from "../common";

/** Seed 001 §4.1 defaults. */
export const DEFAULT_SETTINGS: ProjectSettings = {
  issueTypes: ["Bug", "Task", "Story", "Epic"],
  priorities: ["Low", "Medium", "High", "Critical"],
  statuses: ["Open", "In Progress", "Done", "Closed"],
  closedStatuses: ["Done", "Closed"],
  customFields: [],
};

export const CUSTOM_FIELD_TYPES = ["text", "number", "date", "select", "user"] as const;

const distinct = (values: readonly string[]) => new Set(values).size === values.length;

const valueList = (label: string) =>
  z
    .array(z.string().trim().min(1, `${label} entries must not be empty`).max(50, `${label} entries must be at most 50 characters`))
    .min(1, `${label} needs at least one value`)
    .max(50, `${label} may have at most 50 values`)
    .refine(distinct, `${label} must not repeat a value`);

const customFieldSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "Custom field key must be lowercase letters, digits and '_', starting with a letter"),
    name: z.string().trim().min(1, "Custom field name is required").max(100, "Custom field name must be at most 100 characters"),
    type: z.enum(CUSTOM_FIELD_TYPES, { error: `Custom field type must be one of: ${CUSTOM_FIELD_TYPES.join(", ")}` }),
    options: valueList("Options").nullish(),
    required: z.boolean().nullish(),
  })
  .superRefine((field, context) => {
    if (field.type === "select" && !field.options) {
      context.addIssue({ code: "custom", path: ["options"], message: "A select field needs options" });
    }
    if (field.type !== "select" && field.options) {
      context.addIssue({ code: "custom", path: ["options"], message: "Only select fields take options" });
    }
  })
  .transform(
    (field): CustomFieldDefinition => ({
      key: field.key,
      name: field.name,
      type: field.type,
      ...(field.options ? { options: field.options } : {}),
      required: field.required ?? false,
    }),
  );

const settingsSchema = z.object({
  issueTypes: valueList("Issue types").optional(),
  priorities: valueList("Priorities").optional(),
  statuses: valueList("Statuses").optional(),
  closedStatuses: z.array(z.string().trim()).max(50).optional(),
  customFields: z
    .array(customFieldSchema)
    .max(50, "At most 50 custom fields")
    .refine((fields) => distinct(fields.map((field) => field.key)), "Custom field keys must be unique")
    .optional(),
});

/** What `mergeSettings` refuses in a settings input whatever the current settings (paths relative to the input). */
export const settingsProblems = (input: unknown) => inputProblems(settingsSchema, input ?? {});

/**
 * Applies a (partial) settings input to the current settings. Closed
 * statuses not named in the input keep their previous value, minus statuses
 * that no longer exist.
 */
export function mergeSettings(current: ProjectSettings, input: unknown, path = "settings"): ProjectSettings {
  const changes = parseInput(settingsSchema, input ?? {}, path);
  const statuses = changes.statuses ?? current.statuses;
  const closedStatuses = changes.closedStatuses ?? current.closedStatuses.filter((status) => statuses.includes(status));
  const unknown = closedStatuses.filter((status) => !statuses.includes(status));
  if (unknown.length) {
    throw validationError([
      { field: `${path}.closedStatuses`, code: "INVALID_ENUM_VALUE", message: `Not a status of this project: ${unknown.join(", ")}` },
    ]);
  }
  return {
    issueTypes: changes.issueTypes ?? current.issueTypes,
    priorities: changes.priorities ?? current.priorities,
    statuses,
    closedStatuses: [...new Set(closedStatuses)],
    customFields: changes.customFields ?? current.customFields,
  };
}

/** Where a new issue starts and what it defaults to. */
export function initialStatus(settings: ProjectSettings): string {
  return settings.statuses[0]!;
}

export function defaultPriority(settings: ProjectSettings): string {
  return settings.priorities.includes("Medium") ? "Medium" : settings.priorities[0]!;
}
