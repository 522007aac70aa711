/** Shared wording of the `idempotencyKey` input field of every create mutation. */
export const IDEMPOTENCY_KEY =
  "Makes retries safe: a repeat with the same key and input within 24 hours returns what the first call created instead of creating it again.";
