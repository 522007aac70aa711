import { Kind, type FieldNode, type OperationDefinitionNode, type SelectionNode } from "graphql";
import { validationError } from "../errors/domain-error";
import { toSnake } from "./case";
import type { RestRequest } from "./route";

/** Caps on `?fields=`: how many names, and what a name may look like. */
const MAX_FIELDS = 50;
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;

const isField = (selection: SelectionNode): selection is FieldNode => selection.kind === Kind.FIELD;
const responseName = (field: FieldNode) => (field.alias ?? field.name).value;

/**
 * The top-level fields of a route's response `data` (of each item, for
 * lists), in REST spelling: the selection at `dataPath` in its operation.
 * Read from the document rather than from a response, so an unknown name is
 * refused before anything runs, and also when a list comes back empty.
 * Null when the operation selects nothing at `dataPath`.
 */
export function selectableFields(definition: OperationDefinitionNode, dataPath: string | undefined): ReadonlySet<string> | null {
  if (dataPath === undefined) return new Set();
  let selections: readonly SelectionNode[] | undefined = definition.selectionSet.selections;
  for (const segment of dataPath.split(".")) {
    const field: FieldNode | undefined = selections?.filter(isField).find((candidate) => responseName(candidate) === segment);
    if (!field) return null;
    selections = field.selectionSet?.selections;
  }
  return new Set((selections ?? []).filter(isField).map((field) => toSnake(responseName(field))));
}

/** `?fields=a,b` (repeats add up) checked against what the route returns; undefined when absent. */
export function requestedFields(request: RestRequest, selectable: ReadonlySet<string>): ReadonlySet<string> | undefined {
  const raw = request.query.fields;
  const text = Array.isArray(raw) ? raw.join(",") : raw;
  if (typeof text !== "string" || text === "") return undefined;
  const names = text.split(",").map((name) => name.trim());
  if (names.length > MAX_FIELDS || !names.every((name) => FIELD_NAME.test(name))) {
    throw validationError([
      {
        field: "fields",
        code: "INVALID_FORMAT",
        message: `fields must list at most ${MAX_FIELDS} comma-separated names, each a lowercase letter then up to 63 lowercase letters, digits or underscores`,
      },
    ]);
  }
  const unknown = [...new Set(names.filter((name) => !selectable.has(name)))];
  if (unknown.length) {
    throw validationError(
      unknown.map((name) => ({ field: "fields", code: "INVALID_ENUM_VALUE", message: `${name} is not a field of this resource` })),
    );
  }
  return new Set(names);
}

const pick = (item: unknown, names: ReadonlySet<string>) =>
  item !== null && typeof item === "object"
    ? Object.fromEntries(Object.entries(item).filter(([key]) => names.has(key)))
    : item;

/**
 * Keeps only the named top-level fields of `data` or of each of its items.
 * The bridge runs a GraphQL document with a fixed selection, so the
 * selection is narrowed after execution: that costs the resolution of a few
 * unwanted fields but keeps one validated document per route instead of
 * rewriting documents from user input on every request.
 */
export function selectFields(data: unknown, names: ReadonlySet<string>): unknown {
  return Array.isArray(data) ? data.map((item) => pick(item, names)) : pick(data, names);
}
