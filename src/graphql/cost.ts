import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { Kind, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";

/** Costs of a document's operations, in document order; documents come from Apollo's cache, so each is measured once. */
const measured = new WeakMap<DocumentNode, number[]>();

/**
 * The static cost of the operation a request runs, by the same model the
 * GRAPHQL_MAX_COST limit checks (graphql-armor's: objects 2, scalars 1,
 * ×1.5 per level), so what is charged is what was allowed.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): number {
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
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const index = operationName ? operations.findIndex((operation) => operation.name?.value === operationName) : 0;
  return costs[index] ?? 0;
}
