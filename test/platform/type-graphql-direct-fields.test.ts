import { GraphQLObjectType, type GraphQLField, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { buildContractSchema } from "../../src/graphql/build-schema";
import { callFieldResolversDirectly } from "../../src/platform/type-graphql-direct-fields";

const fieldOf = (schema: GraphQLSchema, type: string, field: string) =>
  (schema.getType(type) as GraphQLObjectType).getFields()[field] as GraphQLField<unknown, unknown>;

describe("field resolvers called directly", () => {
  it("answer what type-graphql's wrapper answers, and leave resolvers with arguments to it", async () => {
    const wrapped = await buildContractSchema();
    const direct = await buildContractSchema();
    callFieldResolversDirectly(direct);

    const user = { id: "u1", firstName: "Ada", lastName: "Lovelace" };
    const issue = { assigneeId: null, reporterId: "u1", projectId: "p1" };
    const context = { loaders: { user: { get: (id: string) => (id === "u1" ? user : null) }, project: { get: () => ({ id: "p1" }) } } };
    for (const [type, field, root] of [
      ["User", "displayName", user],
      ["Issue", "reporter", issue],
      ["Issue", "assignee", issue],
      ["Issue", "project", issue],
      ["Issue", "attachments", issue],
    ] as const) {
      const before = fieldOf(wrapped, type, field).resolve!;
      const after = fieldOf(direct, type, field).resolve!;
      expect(after).not.toBe(before);
      expect(await after(root, {}, context, {} as never)).toEqual(await before(root, {}, context, {} as never));
    }
    expect(await fieldOf(direct, "User", "displayName").resolve!(user, {}, context, {} as never)).toBe("Ada Lovelace");
    // Paged fields validate and convert their arguments through type-graphql.
    expect(fieldOf(direct, "Issue", "history").resolve).toBeTypeOf("function");
    expect(fieldOf(direct, "Issue", "history").resolve!.toString()).toBe(fieldOf(wrapped, "Issue", "history").resolve!.toString());
  });
});
