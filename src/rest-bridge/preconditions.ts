import { getNamedType, isInputObjectType, type GraphQLSchema } from "graphql";
import { DomainError } from "../errors/domain-error";
import type { CompiledRoute } from "./compile";

export const preconditionFailed = (currentEtag?: string) =>
  new DomainError(
    "PRECONDITION_FAILED",
    "The resource changed since the ETag in If-Match was issued; fetch it again and retry",
    currentEtag ? { current_etag: currentEtag } : undefined,
    currentEtag ? { ETag: currentEtag } : undefined,
  );

/**
 * Whether the route's `$input` takes `expectedUpdatedAt`: then a matched
 * If-Match also guards the write itself, under the row lock, against a
 * change landing between the check and the write.
 */
export function acceptsExpectedUpdatedAt(schema: GraphQLSchema, route: CompiledRoute): boolean {
  const input = route.definition.variableDefinitions?.find((definition) => definition.variable.name.value === "input");
  if (!input) return false;
  let type = input.type;
  while (type.kind !== "NamedType") type = type.type;
  const named = getNamedType(schema.getType(type.name.value) ?? undefined);
  return isInputObjectType(named) && "expectedUpdatedAt" in named.getFields();
}
