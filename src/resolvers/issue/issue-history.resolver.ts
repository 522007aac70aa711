import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { IssueHistoryRow } from "../../db/tables";
import { IssueHistoryEntry } from "../../schema/issue";
import { JSON } from "../../schema/common";
import { User } from "../../schema/user";
import { requireRelated, type GraphQLContext } from "../../graphql/context";

@Resolver(() => IssueHistoryEntry)
export class IssueHistoryResolver {
  @FieldResolver(() => JSON, { nullable: true, description: "Value before the change." })
  from(@Root() entry: IssueHistoryRow) {
    return entry.fromValue;
  }

  @FieldResolver(() => JSON, { nullable: true, description: "Value after the change." })
  to(@Root() entry: IssueHistoryRow) {
    return entry.toValue;
  }

  @FieldResolver(() => User, { description: "Who made the change." })
  actor(@Root() entry: IssueHistoryRow, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.user.get(entry.actorId), "history actor");
  }
}
