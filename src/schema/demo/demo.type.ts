import { Field, InputType, Int } from "type-graphql";
import { SimpleObjectType } from "../common";

@InputType({ description: "How much demo data to write." })
export class SeedTestDataInput {
  @Field(() => Int, { nullable: true, description: "Projects, 1–5; default 3." })
  projects?: number | null;

  @Field(() => Int, { nullable: true, description: "Issues per project, 1–300; default 100." })
  issuesPerProject?: number | null;
}

@SimpleObjectType({ description: "What seeding wrote." })
export class TestDataSeeded {
  @Field(() => Int, { description: "Demo users created (emails at demo.invalid, which never receives mail)." })
  users!: number;

  @Field(() => Int, { description: "Projects created, led by demo users." })
  projects!: number;

  @Field(() => Int, { description: "Issues filed." })
  issues!: number;

  @Field(() => Int, { description: "Comments written." })
  comments!: number;

  @Field(() => Int, { description: "Links made between issues." })
  links!: number;
}

@SimpleObjectType({ description: "What a reset took away." })
export class TestDataReset {
  @Field(() => Int, { description: "Demo projects deleted." })
  projects!: number;

  @Field(() => Int, { description: "Demo users deactivated." })
  users!: number;
}
