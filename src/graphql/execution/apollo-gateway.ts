import type { GatewayInterface } from "@apollo/server-gateway-interface";
import { printSchema, type GraphQLSchema } from "graphql";
import type { Execute } from "./compiled-execution";

/**
 * Apollo Server executes with graphql-js unless it is given a gateway: its
 * one hook for running validated documents with another executor. This
 * gateway serves our single, unchanging schema and runs operations with the
 * compiled executor that the REST bridge and subscriptions use too. Parsing,
 * validation, the abuse limits, plugins and error formatting stay Apollo's.
 *
 * patches/@apollo+server+5.5.1.patch makes the status of the context Apollo
 * builds per request a class accessor: per-request accessors kept each
 * request's garbage alive (docs/decisions/004-apollo-gateway-context-patch.md).
 */
export function compiledExecutionGateway(schema: GraphQLSchema, execute: Execute): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return {
        // The name the client sent: Apollo's own `operationName` is that of the operation it resolved, null when
        // it found none, which would let a one-operation document run under any name (and a mutation over GET).
        executor: async (request) =>
          execute({
            document: request.document,
            operationName: request.request.operationName,
            variableValues: request.request.variables,
            contextValue: request.context,
          }),
      };
    },
    async stop() {},
  };
}
