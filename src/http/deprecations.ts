import type { ApolloServerPlugin } from "@apollo/server";
import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from "graphql";

export interface DeprecationUse {
  /** `Type.field` */
  field: string;
  reason: string;
}

/**
 * Per schema, what each document uses. Documents come from Apollo's parsed
 * document cache, so a query text sent again is the same object and is
 * walked once, not on every request.
 */
const walked = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DeprecationUse[]>>();

/** The deprecated fields an operation selects, each once. */
export function deprecatedFieldsUsed(schema: GraphQLSchema, document: DocumentNode): DeprecationUse[] {
  let bySchema = walked.get(schema);
  if (!bySchema) walked.set(schema, (bySchema = new WeakMap()));
  let used = bySchema.get(document);
  if (!used) bySchema.set(document, (used = findDeprecatedFields(schema, document)));
  return used;
}

function findDeprecatedFields(schema: GraphQLSchema, document: DocumentNode): DeprecationUse[] {
  const typeInfo = new TypeInfo(schema);
  const found = new Map<string, DeprecationUse>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (field?.deprecationReason && parent) {
          const name = `${parent.name}.${field.name}`;
          found.set(name, { field: name, reason: field.deprecationReason });
        }
      },
    }),
  );
  return [...found.values()];
}

/** Seed 001 §13 for GraphQL: responses list the deprecated fields the operation used in `extensions.deprecations`. */
export const reportDeprecations: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ schema, document, response }) {
        if (!document || response.body.kind !== "single") return;
        const used = deprecatedFieldsUsed(schema, document);
        if (!used.length) return;
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, deprecations: used };
      },
    };
  },
};
