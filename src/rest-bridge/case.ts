export const toSnake = (key: string) => key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);
export const toCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase());

/** A dotted field path (`roles.0`, `firstName`) in REST spelling. */
export const snakePath = (path: string) => path.split(".").map(toSnake).join(".");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Renames keys recursively; values of keys listed in `opaque` (free-form maps) are copied untouched. */
export function renameKeys(value: unknown, rename: (key: string) => string, opaque: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename, opaque));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const renamed = rename(key);
      return [renamed, opaque.has(renamed) ? inner : renameKeys(inner, rename, opaque)];
    }),
  );
}

// Custom-field values are keyed by user-chosen keys, which are data, not field names.
export const snakeKeys = (value: unknown) => renameKeys(value, toSnake, new Set(["custom_fields"]));
export const camelKeys = (value: unknown) => renameKeys(value, toCamel, new Set(["customFields"]));
