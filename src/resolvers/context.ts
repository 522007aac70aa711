import { DomainError } from "../errors/domain-error";
import type { AuthenticatedContext, ServiceContext } from "../services/context";

/** The per-request (or per-subscription) context of every resolver. */
export type GraphQLContext = ServiceContext;

/** Narrows to a signed-in actor. Shield has already checked; this keeps the types honest. */
export function authenticated(ctx: GraphQLContext): AuthenticatedContext {
  if (!ctx.actor) throw new DomainError("UNAUTHORIZED", "Authentication required");
  return ctx as AuthenticatedContext;
}
