/** Seed 001 §1.2 pagination block. */
export interface Pagination {
  page: number;
  per_page: number;
  total: number;
  total_pages: number;
}

export interface Meta {
  timestamp: string;
  version: "v1";
  request_id: string;
}

export const API_VERSION = "v1";
/** Versions this server answers; `API-Supported-Versions` lists them. */
export const SUPPORTED_VERSIONS: readonly string[] = [API_VERSION];

/** Seed 001 §13.3: sent with every response of a deprecated route. */
export interface Migration {
  current_version: string;
  latest_version: string;
  migration_guide: string;
  deprecation_date: string;
}

export function meta(requestId: string): Meta {
  return { timestamp: new Date().toISOString(), version: API_VERSION, request_id: requestId };
}

/** §1.2 success envelope; `pagination` appears only on lists, `migration` (§13.3) only on deprecated routes. */
export function successEnvelope(requestId: string, data: unknown, pagination?: Pagination, migration?: Migration) {
  return {
    success: true as const,
    data,
    meta: meta(requestId),
    ...(pagination ? { pagination } : {}),
    ...(migration ? { migration } : {}),
  };
}

/** §1.3 error envelope. */
export function errorEnvelope(requestId: string, code: string, message: string, details?: unknown) {
  return {
    success: false as const,
    error: { code, message, ...(details === undefined ? {} : { details }) },
    meta: meta(requestId),
  };
}
