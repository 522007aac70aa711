import type { IMiddlewareFunction } from "graphql-middleware";
import { validationError } from "../errors/domain-error";
import type { FieldError } from "../errors/error-codes";

/** Deeper inputs are refused; no input of the schema legitimately nests this far (custom-field JSON included). */
export const MAX_INPUT_DEPTH = 16;

/** A UTF-16 surrogate without its partner: not text PostgreSQL (or JSON) can store. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(text: string): string | null {
  if (text.includes("\u0000")) return "Text must not contain NUL characters";
  if (LONE_SURROGATE.test(text)) return "Text must be valid Unicode";
  return null;
}

function inspect(value: unknown, path: string[], problems: FieldError[]): void {
  if (problems.length) return;
  const field = path.join(".");
  if (path.length > MAX_INPUT_DEPTH) {
    problems.push({ field, code: "INVALID_FORMAT", message: `Input is nested deeper than ${MAX_INPUT_DEPTH} levels` });
  } else if (typeof value === "string") {
    // Refused here, such text would otherwise surface as a database error.
    const problem = badText(value);
    if (problem) problems.push({ field, code: "INVALID_FORMAT", message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => inspect(item, [...path, String(index)], problems));
  } else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      const problem = badText(key);
      if (problem) problems.push({ field: [...path, "<key>"].join("."), code: "INVALID_FORMAT", message: problem });
      else inspect(inner, [...path, key], problems);
    }
  }
}

/**
 * Runs before every root field, for both doors: refuses arguments that no
 * service could store (NUL, lone surrogates, absurd nesting). Field paths leave out the `input` wrapper, like
 * every other validation error.
 */
export const inputGuard: IMiddlewareFunction = (resolve, parent, args: Record<string, unknown>, context, info) => {
  const problems: FieldError[] = [];
  for (const [name, value] of Object.entries(args)) inspect(value, name === "input" ? [] : [name], problems);
  if (problems.length) throw validationError(problems);
  return resolve(parent, args, context, info);
};

export const inputGuardMiddleware = { Query: inputGuard, Mutation: inputGuard };
