import { getNamedType, isInputObjectType, type GraphQLSchema } from "graphql";
import { DomainError } from "../errors/domain-error";
import type { CompiledRoute } from "./compile";
import { entityTags, opaque } from "./etag";

/**
 * RFC 9110 §13.1.1 `If-Match`, compared weakly: our tags are weak (see
 * `etagOf`), and a strong comparison would never let one match. `*` holds
 * whenever the resource exists.
 */
export function ifMatchHolds(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  return entityTags(header).some((tag) => opaque(tag) === opaque(etag));
}

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
