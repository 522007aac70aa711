import { isInputObjectType, isInterfaceType, isObjectType, isEnumType, isScalarType, type GraphQLSchema } from "graphql";
import { expect, it } from "vitest";
import { buildContractSchema } from "../../src/graphql/build-schema";

/** Seed 004 §13.1: every type, field and argument of the public schema is described. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
    if (!type.description && !["Query", "Mutation", "Subscription"].includes(type.name)) missing.push(type.name);
    if (isScalarType(type) || isEnumType(type)) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of "args" in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
  }
  return missing;
}

it("describes every type, field and argument", async () => {
  expect(undescribed(await buildContractSchema())).toEqual([]);
});
