import { Field, Int } from "type-graphql";
import { SimpleObjectType } from "../common";
import { User } from "../user";

@SimpleObjectType({ description: "Tokens issued by login, registration or refresh." })
export class TokenPair {
  @Field(() => String, { description: "RS256 JWT for `Authorization: Bearer`." })
  accessToken!: string;

  @Field(() => String, { description: "Opaque, single-use: every refresh returns a new one." })
  refreshToken!: string;

  @Field(() => Int, { description: "Seconds until the access token expires." })
  expiresIn!: number;

  @Field(() => String, { description: "Always `Bearer`." })
  tokenType!: string;
}

@SimpleObjectType({ description: "Tokens and the signed-in user." })
export class AuthPayload extends TokenPair {
  @Field(() => User, { description: "The signed-in user." })
  user!: User;
}

@SimpleObjectType({ description: "A confirmation." })
export class MessagePayload {
  @Field(() => String, { description: "Human-readable confirmation." })
  message!: string;
}
