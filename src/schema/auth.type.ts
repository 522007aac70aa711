import { Field, Int, ObjectType } from "type-graphql";
import { User } from "./user.type";

@ObjectType({ description: "Tokens issued by login, registration or refresh." })
export class TokenPair {
  @Field(() => String, { description: "RS256 JWT for `Authorization: Bearer`." })
  accessToken!: string;

  @Field(() => String, { description: "Opaque, single-use: every refresh returns a new one." })
  refreshToken!: string;

  @Field(() => Int, { description: "Seconds until the access token expires." })
  expiresIn!: number;

  @Field(() => String)
  tokenType!: string;
}

@ObjectType()
export class AuthPayload extends TokenPair {
  @Field(() => User)
  user!: User;
}

@ObjectType()
export class MessagePayload {
  @Field(() => String)
  message!: string;
}
