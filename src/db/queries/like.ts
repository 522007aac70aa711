/**
 * A LIKE/ILIKE pattern matching values that contain `term` literally: its
 * `%`, `_` and `\` are escaped (backslash is PostgreSQL's default escape).
 */
export function likeContaining(term: string): string {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
