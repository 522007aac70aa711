import { ObjectType as typeGraphqlObjectType, type ObjectTypeOptions as Options } from "type-graphql";

/**
 * type-graphql's `@ObjectType`, with plain fields read by graphql-js's own
 * default resolver, not type-graphql's wrapper that runs middleware and an
 * auth checker for each value: we use neither (permissions are graphql-shield
 * rules) (docs/decisions/006-direct-field-resolvers.md).
 */
export function SimpleObjectType(nameOrOptions?: string | Options, options?: Options): ClassDecorator {
  if (typeof nameOrOptions === "string") return typeGraphqlObjectType(nameOrOptions, { ...options, simpleResolvers: true });
  return typeGraphqlObjectType({ ...nameOrOptions, simpleResolvers: true });
}
