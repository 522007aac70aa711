import { execute, getOperationAST, getVariableValues, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { LRUCache } from "lru-cache";

export interface Operation {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Readonly<Record<string, unknown>> | null;
  contextValue?: unknown;
  /** The event payload, when a subscription's operation runs for one event. */
  rootValue?: unknown;
}

export type Execute = (operation: Operation) => ExecutionResult | Promise<ExecutionResult>;

export interface CompiledExecutionOptions {
  /** A document is compiled on this execution of it; the ones before run through graphql-js. Default 2. */
  compileOnExecution?: number;
  /** Documents remembered, the least recently executed forgotten first. Default 500. */
  maxDocuments?: number;
}

/**
 * Executes operations as JavaScript compiled for each document (graphql-jit),
 * for every door: `/api/v1/graphql`, the REST bridge and subscriptions.
 * Same schema and resolvers either way. graphql-js interprets a document
 * anew on every request; on a board that cost more than our resolvers
 * (docs/decisions/005-compiled-execution.md).
 *
 * Compiling takes about a millisecond and the code stays in memory, so a
 * document runs through graphql-js until its second execution: a client
 * sending ever new documents makes the server compile nothing. At most
 * `maxDocuments` are remembered. Compilation covers only documents that
 * passed validation and the depth, alias and cost limits. Documents are
 * known by object: Apollo's and the subscription document caches hand out
 * one per distinct query text, and the REST routes are parsed once at boot.
 *
 * What compiled code does not do: call a function-valued property of a
 * value (graphql-js's default resolver would). Computed fields are
 * resolvers or getters (see the connection type, schema/connection.ts).
 * Nor does it pass values of the built-in scalars (`ID`, `String`, `Int`,
 * `Float`, `Boolean`) and of enums through graphql-js's output coercion
 * (`disableLeafSerialization`): each such leaf is a property read and a
 * null check, not a coercion call that allocates per value. Resolvers hand
 * out values of the declared type already
 * (rows typed by the database, counts as numbers), as the conformance
 * test checks against graphql-js; custom scalars (`DateTime`, `JSON`)
 * are still serialised.
 */
export function compiledExecution(schema: GraphQLSchema, { compileOnExecution = 2, maxDocuments = 500 }: CompiledExecutionOptions = {}): Execute {
  const documents = new LRUCache<DocumentNode, { executions: number; operations: Map<string, Compiled> }>({ max: maxDocuments });
  return ({ document, operationName, variableValues, contextValue, rootValue }) => {
    let known = documents.get(document);
    if (!known) documents.set(document, (known = { executions: 0, operations: new Map() }));
    if (++known.executions < compileOnExecution) return execute({ schema, document, operationName, variableValues, contextValue, rootValue });
    let entry = known.operations.get(operationName ?? "");
    if (!entry) known.operations.set(operationName ?? "", (entry = compile(schema, document, operationName)));
    // A document that cannot be compiled (no such operation) answers as graphql-js would: errors, no data.
    if (!isCompiledQuery(entry.query)) return withStandardErrors(entry.query);
    // Coerced by graphql-js first, so that bad variables are reported exactly as graphql-js reports them
    // (Apollo recognises those errors as BAD_USER_INPUT with status 400).
    const variables = getVariableValues(schema, entry.operation?.variableDefinitions ?? [], variableValues ?? {});
    if (variables.errors) return { errors: variables.errors };
    const result = entry.query.query(rootValue, contextValue, variableValues ?? {});
    return result instanceof Promise ? result.then(withStandardErrors) : withStandardErrors(result);
  };
}

interface Compiled {
  query: CompiledQuery | ExecutionResult;
  operation: OperationDefinitionNode | null | undefined;
}

const compile = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Compiled => ({
  query: compileQuery(schema, document, operationName ?? undefined, { disableLeafSerialization: true }),
  operation: getOperationAST(document, operationName),
});

/**
 * graphql-jit's errors imitate graphql-js's but leave `extensions` undefined
 * when the original error had none, which Apollo's error formatting and our
 * own readers assume present. Rebuilt as graphql-js errors, keeping
 * message, path, locations and the original error.
 */
function withStandardErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const standard = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
    (standard as { locations?: GraphQLError["locations"] }).locations = error.locations;
    return standard;
  });
  return { ...result, errors };
}
