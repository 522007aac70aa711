import type { GraphQLSchema } from "graphql";
import { compileRoutes } from "../compile";
import { withPatchForPut } from "../methods";
import { routeTable } from "../route-table";
import { openApiDocument } from "./openapi-document";

/** The OpenAPI document of every route the REST door serves. */
export const restApiDocument = (schema: GraphQLSchema) => openApiDocument(schema, withPatchForPut(compileRoutes(schema, routeTable)));
