/** Shared wording of the optimistic-locking input field of every update mutation. */
export const EXPECTED_UPDATED_AT =
  "Apply the change only if `updatedAt` still equals this value, the version you read; otherwise the mutation fails with RESOURCE_CONFLICT (409 over REST) and changes nothing.";
