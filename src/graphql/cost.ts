import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { Kind, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import { introspectsOnly } from "./limits";

/** Costs of a document's operations, in document order; documents come from Apollo's cache, so each is measured once. */
const measured = new WeakMap<DocumentNode, number[]>();

/**
 * The static cost of the operation a request runs, by the same model the
 * GRAPHQL_MAX_COST limit checks (graphql-armor's: objects 2, scalars 1,
 * ×1.5 per level), so what is charged is what was allowed. An operation
 * that only introspects costs nothing, as the limit exempts it: the standard
 * introspection query that explorers and code generators send first measures
 * about 87,000 and would otherwise spend an hour's budget at once.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): number {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const index = operationName ? operations.findIndex((operation) => operation.name?.value === operationName) : 0;
  const operation = operations[index];
  if (!operation || introspectsOnly(operation)) return 0;
  let costs = measured.get(document);
  if (!costs) {
    const found: number[] = [];
    const measure = costLimitRule({
      maxCost: Number.MAX_SAFE_INTEGER,
      ignoreIntrospection: false,
      propagateOnRejection: false,
      onAccept: [(_context: unknown, details: { n: number }) => found.push(details.n)],
    } as Parameters<typeof costLimitRule>[0]) as unknown as ValidationRule;
    validate(schema, document, [measure]);
    measured.set(document, (costs = found));
  }
  return costs[index] ?? 0;
}
