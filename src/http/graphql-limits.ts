import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { Kind, type DocumentNode, type ValidationRule } from "graphql";

export interface GraphQLLimits {
  maxDepth: number;
}

const INTROSPECTION_ROOTS = new Set(["__schema", "__type", "__typename"]);

/** Operations that only introspect (the standard introspection query is 21 levels deep) cannot reach any data. */
function isPureIntrospection(document: DocumentNode): boolean {
  return document.definitions.every(
    (definition) =>
      definition.kind !== Kind.OPERATION_DEFINITION ||
      definition.selectionSet.selections.every(
        (selection) => selection.kind === Kind.FIELD && INTROSPECTION_ROOTS.has(selection.name.value),
      ),
  );
}

/**
 * Validation rules every GraphQL operation passes, whichever transport
 * brings it (HTTP through Apollo, WebSocket through graphql-ws). Only
 * operations whose root fields all introspect are exempt from the depth
 * limit; armor's own `ignoreIntrospection` also skips any fragment named
 * `__schema`, a known bypass.
 */
export function limitRules(limits: GraphQLLimits): ValidationRule[] {
  const depth = maxDepthRule({
    n: limits.maxDepth,
    ignoreIntrospection: false,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(error)],
  }) as unknown as ValidationRule;
  return [(context) => (isPureIntrospection(context.getDocument()) ? {} : depth(context))];
}

/** Production answers do not suggest field names: they would reveal the schema with introspection off. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/, "");
}
