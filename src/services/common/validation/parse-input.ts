import type { z } from "zod";
import { validationError } from "../../../errors/domain-error";
import type { FieldError, FieldErrorCode } from "../../../errors/error-codes";

function codeOf(issue: z.core.$ZodIssue, input: unknown): FieldErrorCode {
  const value = issue.path.reduce<unknown>(
    (node, key) => (node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
  switch (issue.code) {
    case "invalid_type":
      return value === undefined || value === null ? "REQUIRED_FIELD_MISSING" : "INVALID_FORMAT";
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) === 1 ? "REQUIRED_FIELD_MISSING" : "VALUE_TOO_SHORT";
    case "too_big":
      return "VALUE_TOO_LONG";
    case "invalid_value":
      return "INVALID_ENUM_VALUE";
    default:
      return "INVALID_FORMAT";
  }
}

/**
 * Partial updates: `null` for a field that cannot be empty means "leave it
 * as it is", like omitting it; only the fields in `clearable` take null as
 * "clear".
 */
export function withoutNulls(input: unknown, clearable: readonly string[] = []): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== null || clearable.includes(key)));
}

function problemsOf(error: z.ZodError, input: unknown, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    field: [...(prefix ? [prefix] : []), ...issue.path].join("."),
    code: codeOf(issue, input),
    message: issue.message,
  }));
}

/**
 * The problems `parseInput` would throw for, as a list (empty when `input`
 * passes): for a door that reports them beside its own checks.
 */
export function inputProblems(schema: z.ZodType, input: unknown, prefix?: string): FieldError[] {
  const result = schema.safeParse(input);
  return result.success ? [] : problemsOf(result.error, input, prefix);
}

/**
 * Validates service input against a zod schema and returns the parsed
 * (trimmed, normalised) value, or throws VALIDATION_ERROR listing every
 * failing field with a §11.2 code. `prefix` names where a nested input sits.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, prefix?: string): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(problemsOf(result.error, input, prefix));
}
