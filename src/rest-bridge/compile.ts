import { Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { selectableFields } from "./field-selection";
import type { RestRoute } from "./route";

export interface CompiledRoute extends RestRoute {
  document: DocumentNode;
  definition: OperationDefinitionNode;
  /** What `?fields=` may name. */
  selectableFields: ReadonlySet<string>;
}

/**
 * Parses and validates every route's operation against the schema. Throws,
 * listing each broken route, so a server with a stale route cannot start.
 */
export function compileRoutes(schema: GraphQLSchema, routes: readonly RestRoute[]): CompiledRoute[] {
  const problems: string[] = [];
  const compiled: CompiledRoute[] = [];
  for (const route of routes) {
    const name = `${route.method} ${route.path}`;
    try {
      const document = parse(route.operation);
      const errors = validate(schema, document);
      const operations = document.definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      );
      if (errors.length) problems.push(`${name}: ${errors.map((error) => error.message).join("; ")}`);
      else if (operations.length !== 1) problems.push(`${name}: expected exactly one operation`);
      else {
        const definition = operations[0]!;
        const fields = selectableFields(definition, route.respond.dataPath);
        if (fields) compiled.push({ ...route, document, definition, selectableFields: fields });
        else problems.push(`${name}: the operation selects nothing at ${route.respond.dataPath}`);
      }
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (problems.length) throw new Error(`Invalid REST route operations:\n  ${problems.join("\n  ")}`);
  return compiled;
}
