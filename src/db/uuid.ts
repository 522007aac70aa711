/** A UUID in its canonical text form, any case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs can never match a row; checking first keeps a cast error out of the database. */
export const isUuid = (value: string) => UUID_PATTERN.test(value);
