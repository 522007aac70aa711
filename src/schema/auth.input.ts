import { Field, InputType } from "type-graphql";

@InputType({ description: "A new workspace and its first (administrator) user." })
export class RegisterInput {
  @Field(() => String)
  email!: string;

  @Field(() => String, { description: "At least 8 characters with an uppercase letter and a digit." })
  password!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { nullable: true, description: "Defaults to \"<first> <last>'s workspace\"." })
  tenantName?: string | null;
}

@InputType()
export class LoginInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

@InputType()
export class RefreshTokenInput {
  @Field(() => String)
  refreshToken!: string;
}

@InputType()
export class ForgotPasswordInput {
  @Field(() => String)
  email!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field(() => String)
  token!: string;

  @Field(() => String)
  password!: string;
}
