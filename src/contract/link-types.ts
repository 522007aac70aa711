/** Active wording of each link type → how the other side reads it. `relates_to` reads the same both ways. */
export const LINK_INVERSE = {
  blocks: "is_blocked_by",
  relates_to: "relates_to",
  duplicates: "is_duplicated_by",
  clones: "is_cloned_by",
} as const;

export type ActiveLinkType = keyof typeof LINK_INVERSE;

/** Every link type a request may name, in either wording. */
export const LINK_TYPES = [...Object.keys(LINK_INVERSE), ...Object.values(LINK_INVERSE).filter((type) => type !== "relates_to")] as string[];

/** The stored (active) wording of `type`, and whether it is the inverse one: `is_blocked_by` is `blocks` read from its target. */
export function activeWording(type: string): { type: ActiveLinkType; inverse: boolean } {
  const active = Object.entries(LINK_INVERSE).find(([, inverse]) => inverse === type && inverse !== "relates_to")?.[0];
  return active ? { type: active as ActiveLinkType, inverse: true } : { type: type as ActiveLinkType, inverse: false };
}
