/**
 * Remembers the spelling of up to `limit` keys. Field names are a small,
 * fixed set, and each response renames the same ones for every item of a
 * list; past the limit (keys chosen by clients) it only computes.
 */
function remembered(convert: (key: string) => string, limit = 1000): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    let converted = known.get(key);
    if (converted === undefined) {
      converted = convert(key);
      if (known.size < limit) known.set(key, converted);
    }
    return converted;
  };
}

export const toSnake = remembered((key) => key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`));
export const toCamel = remembered((key) => key.replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase()));

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
  const renamedObject: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const renamed = rename(key);
    const inner = opaque.has(renamed) ? value[key] : renameKeys(value[key], rename, opaque, depth + 1);
    // A body's `__proto__` key stays a key: assigned, it would replace the object's prototype.
    if (renamed === "__proto__") Object.defineProperty(renamedObject, renamed, { value: inner, enumerable: true, writable: true, configurable: true });
    else renamedObject[renamed] = inner;
  }
  return renamedObject;
}

// Custom-field values are keyed by user-chosen keys, which are data, not field names.
const SNAKE_OPAQUE = new Set(["custom_fields"]);
const CAMEL_OPAQUE = new Set(["customFields"]);
export const snakeKeys = (value: unknown) => renameKeys(value, toSnake, SNAKE_OPAQUE);
export const camelKeys = (value: unknown) => renameKeys(value, toCamel, CAMEL_OPAQUE);
