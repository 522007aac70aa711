import { DomainError } from "../errors/domain-error";
import type { AuthenticatedContext, ServiceContext } from "../services/common/context";
import type { Loaders } from "./loaders/loaders";

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

function present<Row>(row: Row | null, what: string): Row {
  if (!row) throw new Error(`${what} missing for a readable parent`);
  return row;
}

/** A related row that must exist because its parent was readable: throws if it is missing; at once when the loader already holds it. */
export function requireRelated<Row>(row: Row | null | Promise<Row | null>, what: string): Row | Promise<Row> {
  return row instanceof Promise ? row.then((found) => present(found, what)) : present(row, what);
}
