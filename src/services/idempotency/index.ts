export { checkKey, claimKey, completeKey, fingerprintOf, pruneExpiredKeys, releaseKey, type KeyRef } from "./idempotency.service";
