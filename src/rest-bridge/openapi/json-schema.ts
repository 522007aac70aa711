import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
  Kind,
  type GraphQLInputType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from "graphql";
import { toSnake } from "../case";

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = Record<string, unknown>;

const SCALARS: Record<string, JsonSchema> = {
  ID: { type: "string" },
  String: { type: "string" },
  Int: { type: "integer" },
  Float: { type: "number" },
  Boolean: { type: "boolean" },
  DateTime: { type: "string", format: "date-time" },
  JSON: {},
  JSONObject: { type: "object" },
};

/** Lets a schema also be null; a schema without `type` (any JSON) already allows it. */
function nullable(schema: JsonSchema): JsonSchema {
  if (schema.type === undefined) return schema;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return { ...schema, type: [...types, "null"] };
}

function leaf(name: string, type: ReturnType<typeof getNamedType>): JsonSchema {
  if (isEnumType(type)) return { type: "string", enum: type.getValues().map((value) => value.value) };
  if (isScalarType(type)) return { ...(SCALARS[name] ?? {}), ...(type.description && !SCALARS[name] ? { description: type.description } : {}) };
  throw new Error(`${name} is not a leaf type`);
}

/**
 * The JSON a REST route answers for `type` with `selection`, as the bridge
 * writes it: keys in snake_case (aliases win), every selected field present.
 */
export function outputSchema(type: GraphQLOutputType, selection: SelectionSetNode | undefined): JsonSchema {
  if (isNonNullType(type)) return strictOutput(type.ofType, selection);
  return nullable(strictOutput(type, selection));
}

function strictOutput(type: GraphQLOutputType, selection: SelectionSetNode | undefined): JsonSchema {
  if (isListType(type)) return { type: "array", items: outputSchema(type.ofType, selection) };
  const named = getNamedType(type);
  if (!(isObjectType(named) || isInterfaceType(named))) return leaf(named.name, named);
  const properties: Record<string, JsonSchema> = {};
  const fields = named.getFields();
  for (const node of selection?.selections ?? []) {
    if (node.kind !== Kind.FIELD) throw new Error(`REST selections use plain fields (found ${node.kind} in ${named.name})`);
    const name = node.name.value;
    const key = toSnake(node.alias?.value ?? name);
    if (name === "__typename") {
      properties[key] = { type: "string" };
      continue;
    }
    const field = fields[name]!;
    properties[key] = { ...outputSchema(field.type, node.selectionSet), ...(field.description ? { description: field.description } : {}) };
  }
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

/** A GraphQL input type as the REST body that becomes it: snake_case keys, unknown keys refused. */
export function inputSchema(type: GraphQLInputType): JsonSchema {
  if (isNonNullType(type)) return strictInput(type.ofType);
  return nullable(strictInput(type));
}

function strictInput(type: GraphQLInputType): JsonSchema {
  if (isListType(type)) return { type: "array", items: inputSchema(type.ofType) };
  const named = getNamedType(type);
  if (!isInputObjectType(named)) return leaf(named.name, named);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of Object.values(named.getFields())) {
    const key = toSnake(field.name);
    properties[key] = { ...inputSchema(field.type), ...(field.description ? { description: field.description } : {}) };
    if (isNonNullType(field.type) && field.defaultValue === undefined) required.push(key);
  }
  return { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false };
}
