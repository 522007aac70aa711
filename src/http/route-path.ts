/**
 * The path of a request as Express routes it: without the query, and
 * matched case-insensitively and with or without a trailing slash. Anything
 * keyed by path (endpoint budgets, credential routes) must compare this.
 */
export const routePath = (originalUrl: string) => originalUrl.split("?")[0]!.toLowerCase().replace(/\/+$/, "");
