import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { Kind, type DocumentNode, type GraphQLError, type OperationDefinitionNode, type ValidationContext, type ValidationRule } from "graphql";
import { costLimitRule } from "./cost";

/** Limits every GraphQL operation obeys, over HTTP and WebSocket alike (see README, configuration). */
export interface GraphQLLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** Enforced by the parser, before validation: see `parseOptions`. */
  maxTokens: number;
}

const INTROSPECTION_ROOTS = new Set(["__schema", "__type", "__typename"]);

/**
 * An operation that selects only `__schema`, `__type` and `__typename` at its
 * root (fragment spreads there do not count) cannot reach any data, however
 * deep it goes: the standard introspection query is 21 levels deep.
 */
function introspectsOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && INTROSPECTION_ROOTS.has(selection.name.value));
}

/** Every operation of the document only introspects. */
function isPureIntrospection(document: DocumentNode): boolean {
  return document.definitions.every((definition) => definition.kind !== Kind.OPERATION_DEFINITION || introspectsOnly(definition));
}

/** armor reports through callbacks; these make each rejection a validation error naming the limit. */
const reporting = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

const asRule = (rule: unknown) => rule as ValidationRule;

/**
 * Validation rules for every operation, whichever transport brings it. Depth
 * does not apply to purely introspective operations (armor's own
 * `ignoreIntrospection` is off because it also skipped any fragment named
 * `__schema`, a known bypass); cost counts no introspection field
 * (`cost.ts`), so introspection alone costs nothing.
 */
export function limitRules(limits: GraphQLLimits): ValidationRule[] {
  const depth = asRule(maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: false, ...reporting }));
  const unlessIntrospection = (rule: ValidationRule): ValidationRule => (context) =>
    isPureIntrospection(context.getDocument()) ? {} : rule(context);
  return [
    unlessIntrospection(depth),
    costLimitRule(limits.maxCost),
    asRule(maxAliasesRule({ n: limits.maxAliases, ...reporting })),
    asRule(maxDirectivesRule({ n: limits.maxDirectives, ...reporting })),
  ];
}

/** Parser options: the token limit stops a huge document before it is even built. */
export const parseOptions = (limits: GraphQLLimits) => ({ maxTokens: limits.maxTokens });

/** Production answers do not suggest field names: they would reveal the schema with introspection off. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/, "");
}
