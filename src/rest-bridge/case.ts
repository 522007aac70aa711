export const toSnake = (key: string) => key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);
export const toCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase());

/** A dotted field path (`roles.0`, `firstName`) in REST spelling. */
export const snakePath = (path: string) => path.split(".").map(toSnake).join(".");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Beyond this, a body is refused rather than walked: a 1 MB body can nest deep enough to exhaust the stack. */
export const MAX_BODY_DEPTH = 32;

export class TooDeepError extends Error {}

/**
 * Renames keys recursively; values of keys listed in `opaque` (free-form
 * maps) are copied untouched. Throws TooDeepError past MAX_BODY_DEPTH.
 */
export function renameKeys(
  value: unknown,
  rename: (key: string) => string,
  opaque: ReadonlySet<string> = new Set(),
  depth = 0,
): unknown {
  if (depth > MAX_BODY_DEPTH) throw new TooDeepError();
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename, opaque, depth + 1));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const renamed = rename(key);
      return [renamed, opaque.has(renamed) ? inner : renameKeys(inner, rename, opaque, depth + 1)];
    }),
  );
}

// Custom-field values are keyed by user-chosen keys, which are data, not field names.
export const snakeKeys = (value: unknown) => renameKeys(value, toSnake, new Set(["custom_fields"]));
export const camelKeys = (value: unknown) => renameKeys(value, toCamel, new Set(["customFields"]));
