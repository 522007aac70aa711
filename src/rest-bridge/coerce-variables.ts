import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { FieldError } from "../errors/error-codes";
import type { InputRules } from "../graphql/input-rules";
import { snakePath } from "./case";

/** What a REST caller is told a value of each scalar must be: JSON words, not GraphQL type names. */
const SCALAR_SHAPES: Readonly<Record<string, string>> = {
  String: "a string",
  ID: "a string",
  Int: "an integer",
  Float: "a number",
  Boolean: "true or false",
  DateTime: "a date-time in ISO 8601 format",
  JSONObject: "an object",
};

// Messages are only ever shown by the REST door, so they use its spelling.
const required = (field: string): FieldError => ({ field, code: "REQUIRED_FIELD_MISSING", message: `${snakePath(field)} is required` });
const unknownField = (field: string): FieldError => ({ field, code: "INVALID_FORMAT", message: `${snakePath(field)} is not a known field` });
const notA = (field: string, shape: string): FieldError => ({ field, code: "INVALID_FORMAT", message: `${snakePath(field)} must be ${shape}` });

function leafProblem(field: string, type: GraphQLScalarType | GraphQLEnumType): FieldError {
  if (isEnumType(type)) {
    const allowed = type.getValues().map((value) => value.name);
    return { field, code: "INVALID_ENUM_VALUE", message: `${snakePath(field)} must be one of: ${allowed.join(", ")}` };
  }
  const shape = SCALAR_SHAPES[type.name];
  return shape ? notA(field, shape) : { field, code: "INVALID_FORMAT", message: `${snakePath(field)} has an invalid format` };
}

const fieldAt = (path: readonly string[], walk: Walk) => path.join(".") || walk.variable;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A service rule to run on the well-typed part of one input object, reporting under `path`. */
interface PendingRule {
  type: GraphQLInputObjectType;
  path: string[];
  remainder: Record<string, unknown>;
  /** Fields of this object with typing problems: what the rule says about them is already said. */
  reported: Set<string>;
}

interface Walk {
  /** The variable being walked: names a problem of the variable as a whole. */
  variable: string;
  problems: FieldError[];
  rules: PendingRule[];
  ruleNames: ReadonlySet<string>;
}

interface Coerced {
  value: unknown;
  /** False when the value, or anything inside it, has a typing problem. */
  clean: boolean;
}

/**
 * graphql-js's variable coercion (`coerceInputValue`, same acceptance and
 * coerced values), reporting each problem with a REST path and message, and
 * keeping the well-typed part of each input object for the service rules.
 */
function coerce(value: unknown, type: GraphQLInputType, path: string[], walk: Walk): Coerced {
  if (isNonNullType(type)) {
    if (value == null) {
      walk.problems.push(required(fieldAt(path, walk)));
      return { value: undefined, clean: false };
    }
    return coerce(value, type.ofType, path, walk);
  }
  if (value == null) return { value: null, clean: true };
  if (isListType(type)) {
    // As in GraphQL, a single value stands for a list of one.
    if (!Array.isArray(value)) {
      const item = coerce(value, type.ofType, path, walk);
      return { value: [item.value], clean: item.clean };
    }
    const items = value.map((item, index) => coerce(item, type.ofType, [...path, String(index)], walk));
    return { value: items.map((item) => item.value), clean: items.every((item) => item.clean) };
  }
  if (isInputObjectType(type)) return coerceObject(value, type, path, walk);
  let parsed: unknown;
  try {
    parsed = type.parseValue(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    walk.problems.push(leafProblem(fieldAt(path, walk), type));
    return { value: undefined, clean: false };
  }
  return { value: parsed, clean: true };
}

function coerceObject(value: unknown, type: GraphQLInputObjectType, path: string[], walk: Walk): Coerced {
  if (!isPlainObject(value)) {
    walk.problems.push(notA(fieldAt(path, walk), "an object"));
    return { value: undefined, clean: false };
  }
  const definitions = type.getFields();
  const remainder: Record<string, unknown> = {};
  const reported = new Set<string>();
  for (const field of Object.values(definitions)) {
    const inner = value[field.name];
    if (inner === undefined) {
      if (field.defaultValue !== undefined) remainder[field.name] = field.defaultValue;
      else if (isNonNullType(field.type)) {
        walk.problems.push(required([...path, field.name].join(".")));
        reported.add(field.name);
      }
      continue;
    }
    const coerced = coerce(inner, field.type, [...path, field.name], walk);
    if (coerced.clean) remainder[field.name] = coerced.value;
    else reported.add(field.name);
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(definitions, key)) {
      walk.problems.push(unknownField([...path, key].join(".")));
      reported.add(key);
    }
  }
  if (type.isOneOf) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || value[keys[0]!] === null) {
      const names = Object.keys(definitions).map(snakePath).join(", ");
      walk.problems.push({ field: fieldAt(path, walk), code: "INVALID_FORMAT", message: `Exactly one of ${names} must be given, and not null` });
      return { value: undefined, clean: false };
    }
  }
  if (walk.ruleNames.has(type.name)) {
    walk.rules.push({ type, path, remainder, reported });
  }
  return { value: remainder, clean: reported.size === 0 };
}

/** What the service would also say about the well-typed fields, under their REST path; nothing already said. */
function ruleProblems(rules: InputRules, pending: PendingRule): FieldError[] {
  const fields = pending.type.getFields();
  return rules[pending.type.name]!(pending.remainder, pending.reported)
    .filter((problem) => {
      const first = problem.field.split(".")[0]!;
      // Fields a resolver adds before calling the service (a path id) are not the caller's to fix.
      return Object.hasOwn(fields, first) && !pending.reported.has(first);
    })
    .map((problem) => ({ ...problem, field: [...pending.path, problem.field].join(".") }));
}

/**
 * Checks REST-supplied variables against the operation's variable types and
 * reports every problem at once with its field path and a REST message
 * (graphql-js reports them in GraphQL's words). When there is any, the
 * service rules of each input object (`rules`, by input type name) run on
 * its well-typed fields too, so one answer lists the typing problems and
 * what the service would refuse among the rest. Input objects are reported
 * relative to themselves: `input.email` reads as `email`.
 */
export function variableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  rules: InputRules = {},
): FieldError[] {
  const walk: Walk = { variable: "", problems: [], rules: [], ruleNames: new Set(Object.keys(rules)) };
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    walk.variable = definition.variable.name.value;
    const value = variables[walk.variable];
    if (value !== undefined) coerce(value, type, [], walk);
  }
  if (!walk.problems.length) return [];
  return [...walk.problems, ...walk.rules.flatMap((pending) => ruleProblems(rules, pending))];
}
