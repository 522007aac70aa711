import { checkKey, claimKey, completeKey, fingerprintOf, releaseKey } from "../../services/idempotency";
import type { AuthenticatedGraphQLContext } from "../../graphql/context";

export interface Replay<T> {
  /** The id of what the mutation created: what is stored for the key. */
  idOf(result: T): string;
  /** The payload again for a repeated request, read fresh (the caller may no longer see it: then the read's own error). */
  load(id: string): Promise<T>;
}

/**
 * Runs a create mutation at most once per `idempotencyKey` (per user and
 * mutation, for 24 hours), the GraphQL twin of the REST `Idempotency-Key`
 * header: a repeat with the same input returns the object the first call
 * created; the same key with another input is IDEMPOTENCY_KEY_REUSED, and
 * one while the first still runs IDEMPOTENT_REQUEST_IN_PROGRESS.
 */
export async function idempotent<Input extends { idempotencyKey?: string | null }, T>(
  ctx: AuthenticatedGraphQLContext,
  mutation: string,
  input: Input,
  run: (input: Omit<Input, "idempotencyKey">) => Promise<T>,
  replay: Replay<T>,
): Promise<T> {
  const { idempotencyKey, ...rest } = input;
  if (idempotencyKey === undefined || idempotencyKey === null) return run(rest);
  checkKey(idempotencyKey, "input.idempotencyKey");
  const ref = { owner: `user:${ctx.actor.userId}`, scope: `graphql:${mutation}`, key: idempotencyKey };
  const claim = await claimKey(ctx.db, ref, fingerprintOf(rest));
  if (claim.kind === "replay") return replay.load((claim.response.body as { id: string }).id);
  let result: T;
  try {
    result = await run(rest);
  } catch (error) {
    await releaseKey(ctx.db, ref);
    throw error;
  }
  await completeKey(ctx.db, ref, { status: 200, body: { id: replay.idOf(result) } });
  return result;
}
