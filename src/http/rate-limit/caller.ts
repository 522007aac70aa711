import type { Actor } from "../../auth/actor";
import type { Tier } from "../../config";

/** The tier whose budget a caller spends: by role, the most generous one held. */
export function tierOf(actor: Actor | null): Tier {
  if (!actor) return "anonymous";
  if (actor.roles.includes("admin")) return "admin_user";
  if (actor.roles.includes("premium")) return "premium_user";
  return "authenticated_user";
}

/** Who is counted: the user when signed in, the client address otherwise. */
export const subjectOf = (actor: Actor | null, ip: string) => (actor ? `user:${actor.userId}` : `ip:${ip}`);
