import { ObjectType as typeGraphqlObjectType, type ObjectTypeOptions as Options } from "type-graphql";

/**
 * type-graphql's `@ObjectType`, with plain fields read by graphql-js's own
 * default resolver. type-graphql otherwise wraps every field in a resolver
 * that runs its middleware and auth-checker chain for each value. We use
 * neither (permissions are graphql-shield rules), and on a board of 50
 * issues that wrapper ran some 600 times per request.
 */
export function SimpleObjectType(nameOrOptions?: string | Options, options?: Options): ClassDecorator {
  if (typeof nameOrOptions === "string") return typeGraphqlObjectType(nameOrOptions, { ...options, simpleResolvers: true });
  return typeGraphqlObjectType({ ...nameOrOptions, simpleResolvers: true });
}
