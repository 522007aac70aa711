import { GraphQLDateTime } from "graphql-scalars";

/** ISO 8601 date-time in UTC, named `DateTime` as in seed 001 §15.1. */
export const DateTime = GraphQLDateTime;

export { GraphQLJSON as JSON, GraphQLJSONObject as JSONObject } from "graphql-scalars";
