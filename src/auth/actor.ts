import type { Scope } from "./scopes";

/** Who is acting: passed explicitly to every service call. */
export interface Actor {
  userId: string;
  tenantId: string;
  sessionId: string;
  roles: readonly string[];
  scopes: ReadonlySet<Scope>;
  /** When the presented access token expires; long-lived sockets close then. */
  tokenExpiresAt: Date;
}

export const hasScope = (actor: Actor, scope: Scope) => actor.scopes.has(scope);

/** Workspace administrators see and manage every project of their tenant. */
export const isTenantAdmin = (actor: Actor) => actor.roles.includes("admin");
