import { coerceInputValue, GraphQLError, typeFromAST, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { FieldError } from "../errors/error-codes";
import { snakePath } from "./case";

const NAMED_FIELD = /^Field "([^"]+)" (of required type|is not defined)/;

function describe(variable: string, path: readonly (string | number)[], error: GraphQLError, value: unknown): FieldError {
  const named = NAMED_FIELD.exec(error.message);
  const field = [...path, ...(named ? [named[1]!] : [])].join(".") || variable;
  // Messages are only ever shown by the REST door, so they use its spelling.
  const name = snakePath(field);
  if (named?.[2] === "is not defined") return { field, code: "INVALID_FORMAT", message: `${name} is not a known field` };
  if (named || value === null || value === undefined) {
    return { field, code: "REQUIRED_FIELD_MISSING", message: `${name} is required` };
  }
  if (/^Value ".*" does not exist in ".*" enum\./.test(error.message)) {
    return { field, code: "INVALID_ENUM_VALUE", message: `${name} has an invalid value` };
  }
  return { field, code: "INVALID_FORMAT", message: `${name} has an invalid type: ${error.message}` };
}

/**
 * Checks REST-supplied variables against the operation's variable types and
 * reports every problem with its field path, which graphql-js's own
 * variable errors do not expose in a structured way.
 */
export function variableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): FieldError[] {
  const problems: FieldError[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as never);
    if (!type) continue;
    const name = definition.variable.name.value;
    const value = variables[name];
    if (value === undefined) continue;
    // Input objects are reported relative to themselves: `input.email` reads as `email`.
    coerceInputValue(value, type as never, (path, invalid, error) =>
      problems.push(describe(name, path, error, invalid)),
    );
  }
  return problems;
}
