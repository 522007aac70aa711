import { DomainError } from "../errors/domain-error";
import type { AuthenticatedContext, ServiceContext } from "../services/context";
import type { Loaders } from "../services/loaders";

/** The per-request (or per-subscription) context of every resolver. */
export interface GraphQLContext extends ServiceContext {
  loaders: Loaders;
  /** The client's address: rate limits count anonymous callers by it. */
  clientIp: string;
}

export type AuthenticatedGraphQLContext = GraphQLContext & AuthenticatedContext;

/** Narrows to a signed-in actor. Shield has already checked; this keeps the types honest. */
export function authenticated(ctx: GraphQLContext): AuthenticatedGraphQLContext {
  if (!ctx.actor) throw ctx.authFailure ?? new DomainError("UNAUTHORIZED", "Authentication required");
  return ctx as AuthenticatedGraphQLContext;
}

/** A related row that must exist because its parent was readable. */
export async function related<Row>(row: Promise<Row | null>, what: string): Promise<Row> {
  const found = await row;
  if (!found) throw new Error(`${what} missing for a readable parent`);
  return found;
}
