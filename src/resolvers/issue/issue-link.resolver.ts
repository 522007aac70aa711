import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { AddIssueLinkInput, AddIssueLinkPayload, Issue, IssueLink, RemoveIssueLinkPayload } from "../../schema/issue";
import { links, type LinkView } from "../../services/issue";
import { authenticated, requireRelated, type GraphQLContext } from "../../graphql/context";

@Resolver(() => IssueLink)
export class IssueLinkResolver {
  @Mutation(() => AddIssueLinkPayload, { description: "Link an issue to another issue you can see." })
  async addIssueLink(
    @Arg("issueId", () => ID, { description: "The issue to link from." }) issueId: string,
    @Arg("input", () => AddIssueLinkInput, { description: "Link type and the other issue." }) input: AddIssueLinkInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { link: await links.addLink(authenticated(ctx), issueId, input) };
  }

  @Mutation(() => RemoveIssueLinkPayload, { description: "Remove a link of an issue." })
  async removeIssueLink(
    @Arg("issueId", () => ID, { description: "One of the linked issues." }) issueId: string,
    @Arg("linkId", () => ID, { description: "Link id." }) linkId: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return { deletedId: await links.removeLink(authenticated(ctx), issueId, linkId) };
  }

  @FieldResolver(() => Issue, { description: "The issue at the other end." })
  issue(@Root() link: LinkView, @Ctx() ctx: GraphQLContext) {
    return requireRelated(ctx.loaders.issue.load(link.issueId), "linked issue");
  }
}
