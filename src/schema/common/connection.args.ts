import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 1–100, default 20." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Cursor of the edge to continue after." })
  after?: string | null;
}
