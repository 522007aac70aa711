import { ApolloServer } from "@apollo/server";
import type { GatewayGraphQLRequestContext, GatewayInterface } from "@apollo/server-gateway-interface";
import { buildSchema, printSchema } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The request context Apollo hands a gateway's executor, as patched in
 * patches/@apollo+server+*.patch: its `response.http.status` is a class
 * accessor, not a getter and setter made for every request (see the patch
 * for why), and still reads and writes the response's status.
 */
describe("Apollo's gateway request context (patched)", () => {
  const schema = buildSchema("type Query { hello: String }");
  const seen: GatewayGraphQLRequestContext[] = [];
  const gateway: GatewayInterface = {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return {
        executor: async (request) => {
          seen.push(request);
          const before = request.response!.http!.status;
          request.response!.http!.status = 203;
          request.response!.http!.headers.set("x-from-gateway", "yes");
          return { data: { hello: `status was ${before ?? "unset"}` } };
        },
      };
    },
    async stop() {},
  };
  const server = new ApolloServer({ gateway });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it("carries no accessor of its own on each request's response", async () => {
    await server.executeOperation({ query: "{ hello }" });
    const http = seen.at(-1)!.response!.http!;
    expect(Object.getOwnPropertyDescriptor(http, "status")).toBeUndefined();
    expect(Object.keys(http)).toEqual(["headers"]);
  });

  it("reads and writes the response's status and headers through it", async () => {
    const result = await server.executeOperation({ query: "{ hello }" });
    expect(result.http.status).toBe(203);
    expect(result.http.headers.get("x-from-gateway")).toBe("yes");
    expect(result.body.kind === "single" && result.body.singleResult.data).toEqual({ hello: "status was unset" });
  });
});
