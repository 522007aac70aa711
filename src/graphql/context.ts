import type { Actor } from "../auth/actor";
import { DomainError } from "../errors/domain-error";
import type { AuthenticatedContext, ServiceContext, ServiceDeps } from "../services/common";
import type { LiveFeed } from "./live/live-feed";
import { createLoaders, type Loaders } from "./loaders/loaders";

/** What the GraphQL engine adds to the services' dependencies: the live feed subscriptions read. */
export interface GraphQLDeps extends ServiceDeps {
  feed: LiveFeed;
}

/** The per-request (or per-subscription) context of every resolver. */
export interface GraphQLContext extends ServiceContext {
  feed: LiveFeed;
  loaders: Loaders;
}

export type AuthenticatedGraphQLContext = GraphQLContext & AuthenticatedContext;

/** Who is calling, as each door (HTTP, REST, WebSocket) learned it. */
export interface Caller {
  actor: Actor | null;
  /** Why a presented token was refused, when it was. */
  authFailure?: DomainError | null;
  requestId: string;
  clientIp: string;
}

/**
 * A request's context. Loaders are made when a resolver first asks for them:
 * a subscription's events bring their own (the live feed sets them), and many
 * operations need none. The accessor is the class's, so each context keeps
 * one shape and no closures of its own.
 */
interface RequestContext extends GraphQLDeps, Caller {}
class RequestContext {
  /** Not a `#private` field: Apollo clones each operation's context (same prototype, own properties copied). */
  private madeLoaders: Loaders | undefined = undefined;

  constructor(deps: GraphQLDeps, caller: Caller) {
    Object.assign(this, deps, caller);
  }

  get loaders(): Loaders {
    return (this.madeLoaders ??= createLoaders(this.db, this.userViews, this.actor));
  }

  set loaders(loaders: Loaders) {
    this.madeLoaders = loaders;
  }
}

/** The one way every door builds a resolver context. */
export function createContext(deps: GraphQLDeps, caller: Caller): GraphQLContext {
  return new RequestContext(deps, caller);
}

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
