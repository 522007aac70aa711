import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { SeedTestDataInput, TestDataReset, TestDataSeeded } from "../../schema/demo";
import { resetDemoData, seedDemoData } from "../../services/demo";
import { authenticated, type GraphQLContext } from "../../graphql/context";

@Resolver()
export class DemoResolver {
  @Mutation(() => TestDataSeeded, {
    description: "Fill your workspace with demo users, projects and issues (seed 000 §16). Workspace administrators, outside production only.",
  })
  seedTestData(@Arg("input", () => SeedTestDataInput, { nullable: true, description: "How much to write." }) input: SeedTestDataInput | null, @Ctx() ctx: GraphQLContext) {
    return seedDemoData(authenticated(ctx), input ?? {});
  }

  @Mutation(() => TestDataReset, { description: "Delete the demo projects and deactivate the demo users (seed 000 §16). Workspace administrators, outside production only." })
  resetTestData(@Ctx() ctx: GraphQLContext) {
    return resetDemoData(authenticated(ctx));
  }
}
