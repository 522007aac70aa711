// Relies on: type-graphql 2.0.0-rc.4's metadata storage (`getMetadataStorage()`: fieldResolvers,
// params, middlewares, roles), which is not public API. Breaks on upgrade if its shape changes:
// pinned by test/platform/type-graphql-direct-fields.test.ts.

import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

/** What type-graphql records about a `@FieldResolver` and its parameters, as far as read here (after `buildSchema`). */
interface ParamMetadata {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: unknown;
}

interface FieldResolverMetadata {
  kind: "internal" | "external";
  target: new () => object;
  methodName: string;
  schemaName: string;
  params?: ParamMetadata[];
  middlewares?: unknown[];
  roles?: unknown[];
  getObjectType?: () => unknown;
}

interface Storage {
  fieldResolvers: FieldResolverMetadata[];
  objectTypes: { target: unknown; name: string }[];
}

type Read = (root: unknown, context: unknown, info: unknown) => unknown;

const READERS: Record<string, Read> = {
  root: (root) => root,
  context: (_root, context) => context,
  info: (_root, _context, info) => info,
};

/**
 * Lets graphql call simple field resolvers (`Issue.assignee`, `User.displayName`)
 * directly. Taken over: resolvers whose parameters are only `@Root()`,
 * `@Ctx()` and `@Info()` (untyped, whole values), with no middleware and no
 * `@Authorized` roles. Resolvers with arguments keep type-graphql's wrapper:
 * it validates and converts them. Must run before graphql-middleware wraps
 * the schema.
 *
 * For the others the per-call wrapper (instance lookup, middleware chain,
 * parameters from metadata) did nothing: the schema has no global middlewares
 * or auth checker, build-schema.ts (docs/decisions/006-direct-field-resolvers.md).
 */
export function callFieldResolversDirectly(schema: GraphQLSchema): void {
  const storage = getMetadataStorage() as unknown as Storage;
  const instances = new Map<FieldResolverMetadata["target"], object>();
  for (const resolver of storage.fieldResolvers) {
    // Without `params`, the resolver's class was not part of this build.
    if (resolver.kind !== "external" || !resolver.params || resolver.middlewares?.length || resolver.roles?.length) continue;
    const params = [...resolver.params].sort((a, b) => a.index - b.index);
    if (!params.every((param) => Object.hasOwn(READERS, param.kind) && !param.propertyName && !param.getType)) continue;
    const objectType = resolver.getObjectType?.();
    const typeName = storage.objectTypes.find((type) => type.target === objectType)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = type instanceof GraphQLObjectType ? type.getFields()[resolver.schemaName] : undefined;
    if (!field) continue;
    let instance = instances.get(resolver.target);
    if (!instance) instances.set(resolver.target, (instance = new resolver.target()));
    field.resolve = direct(instance, resolver.methodName, params.map((param) => READERS[param.kind]!));
  }
}

function direct(instance: object, methodName: string, readers: Read[]): GraphQLFieldResolver<unknown, unknown> {
  const method = (instance as Record<string, (...values: unknown[]) => unknown>)[methodName]!.bind(instance);
  const [first, second] = readers;
  if (readers.length === 1) return (root, _args, context, info) => method(first!(root, context, info));
  if (readers.length === 2) return (root, _args, context, info) => method(first!(root, context, info), second!(root, context, info));
  return (root, _args, context, info) => method(...readers.map((read) => read(root, context, info)));
}
