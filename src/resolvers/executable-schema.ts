import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { buildSchema } from "type-graphql";
import { permissions } from "../auth/permissions";
import { DateTime } from "../schema/scalars";
import { inputGuardMiddleware } from "./input-guard";
import { AuthResolver } from "./auth.resolver";
import { CommentResolver } from "./comment.resolver";
import { IssueHistoryResolver } from "./issue-history.resolver";
import { IssueLinkResolver } from "./issue-link.resolver";
import { IssueResolver } from "./issue.resolver";
import { ProjectMemberResolver } from "./project-member.resolver";
import { ProjectResolver } from "./project.resolver";
import { UserResolver } from "./user.resolver";

/** The schema as clients see it (also what `schema.graphql` snapshots). */
export function buildContractSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      AuthResolver,
      UserResolver,
      ProjectResolver,
      ProjectMemberResolver,
      IssueResolver,
      IssueLinkResolver,
      IssueHistoryResolver,
      CommentResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
  });
}

/** The contract schema with permission rules and the input guard applied: what both doors execute. */
export async function buildExecutableSchema(): Promise<GraphQLSchema> {
  return applyMiddleware(await buildContractSchema(), permissions, inputGuardMiddleware);
}
