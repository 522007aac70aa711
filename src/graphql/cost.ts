import {
  GraphQLError,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../contract";

/** Arguments that size a connection's page. */
const PAGE_SIZE_ARGUMENTS = ["first", "last"];

/** What a walk of one operation needs: its document's fragments, and the variables if known. */
interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  /** Coerced variables; absent while validating, when a page size given as a variable may be the largest. */
  variables?: Record<string, unknown>;
  /** Fragment costs by name and enclosing page size: a fragment spread many times is walked once. */
  fragmentCosts: Map<string, number>;
}

/**
 * The static cost of an operation: every field selected costs 1 (a scalar)
 * or 2 (an object) per item it is resolved for, and the list fields of a
 * connection (`edges`, `nodes`) are resolved for every item of its page:
 * `first` (or `last`), `DEFAULT_PAGE_SIZE` when absent, and `MAX_PAGE_SIZE`
 * when given as a variable whose value is not known yet. So
 * `issues(first: 50) { nodes { id } }` costs 2 + 50 × (2 + 1) = 152, and
 * nested connections multiply, as the rows they may return do. Introspection
 * fields (`__schema`, `__type`, `__typename`) cost nothing.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables?: Record<string, unknown>): number {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const known = variables === undefined ? undefined : coerced(schema, operation, variables);
  return costOf(walkOf(schema, document, known), operation);
}

/**
 * Refuses, before execution, any operation whose cost (`operationCost`,
 * page sizes given as variables counted as the largest) exceeds `maxCost`.
 */
export function costLimitRule(maxCost: number): ValidationRule {
  return (context) => {
    const walk = walkOf(context.getSchema(), context.getDocument());
    return {
      OperationDefinition(operation) {
        const cost = costOf(walk, operation);
        if (cost > maxCost) context.reportError(new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${cost}.`, { nodes: [operation] }));
      },
    };
  };
}

function walkOf(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>): Walk {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return { schema, fragments, variables, fragmentCosts: new Map() };
}

/** The variables as execution will see them (defaults applied); undefined when they do not coerce, as execution will refuse them. */
function coerced(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>) {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return result.coerced;
}

function costOf(walk: Walk, operation: OperationDefinitionNode): number {
  const root = walk.schema.getRootType(operation.operation);
  return root ? selectionCost(walk, root, operation.selectionSet, undefined, new Set()) : 0;
}

/**
 * The cost of one item's selection on `type`. `page` is the page size when
 * `type` is a connection, whose list fields then count once per item.
 * `entered` holds the fragments being walked, so a cycle (refused by
 * validation anyway) ends.
 */
function selectionCost(walk: Walk, type: GraphQLNamedType, selectionSet: SelectionSetNode, page: number | undefined, entered: Set<string>): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(walk, type, selection, page, entered);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
      if (condition) total += selectionCost(walk, condition, selection.selectionSet, page, entered);
    } else {
      total += fragmentCost(walk, selection.name.value, page, entered);
    }
  }
  return total;
}

function fragmentCost(walk: Walk, name: string, page: number | undefined, entered: Set<string>): number {
  const key = `${name}\u0000${page ?? ""}`;
  const known = walk.fragmentCosts.get(key);
  if (known !== undefined) return known;
  const fragment = walk.fragments.get(name);
  const condition = fragment && walk.schema.getType(fragment.typeCondition.name.value);
  if (!condition || entered.has(name)) return 0;
  entered.add(name);
  const cost = selectionCost(walk, condition, fragment.selectionSet, page, entered);
  entered.delete(name);
  walk.fragmentCosts.set(key, cost);
  return cost;
}

function fieldCost(walk: Walk, parent: GraphQLNamedType, field: FieldNode, page: number | undefined, entered: Set<string>): number {
  if (field.name.value.startsWith("__")) return 0;
  const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
  if (!definition) return 0;
  const type = getNamedType(definition.type);
  const items = page !== undefined && isListType(getNullableType(definition.type)) ? page : 1;
  const own = isLeafType(type) ? 1 : 2;
  if (!field.selectionSet) return items * own;
  const paged = definition.args.some((argument) => PAGE_SIZE_ARGUMENTS.includes(argument.name));
  const inner = selectionCost(walk, type, field.selectionSet, paged ? pageSize(walk, field) : undefined, entered);
  return items * (own + inner);
}

/** How many items a connection field may return, by the rule of `operationCost`. */
function pageSize(walk: Walk, field: FieldNode): number {
  const argument = field.arguments?.find((candidate) => PAGE_SIZE_ARGUMENTS.includes(candidate.name.value));
  if (!argument) return DEFAULT_PAGE_SIZE;
  const { value } = argument;
  let size: unknown = null;
  if (value.kind === Kind.INT) size = Number(value.value);
  else if (value.kind === Kind.VARIABLE) size = walk.variables ? walk.variables[value.name.value] : MAX_PAGE_SIZE;
  if (typeof size !== "number") return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(size, 0), MAX_PAGE_SIZE);
}
