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

/**
 * The §1.2 success envelope as JSON, around `resource`, the JSON object of
 * `data` and `pagination` (`resourceJson`), which is spliced in unparsed;
 * `pagination` appears only on lists, `migration` (§13.3) only on deprecated routes.
 */
export function successEnvelopeJson(requestId: string, resource: string, migration?: Migration): string {
  const tail = `"meta":${JSON.stringify(meta(requestId))}${migration ? `,"migration":${JSON.stringify(migration)}` : ""}}`;
  const members = resource.slice(1, -1);
  return `{"success":true,${members ? `${members},` : ""}${tail}`;
}

/** §1.3 error envelope. */
export function errorEnvelope(requestId: string, code: string, message: string, details?: unknown) {
  return {
    success: false as const,
    error: { code, message, ...(details === undefined ? {} : { details }) },
    meta: meta(requestId),
  };
}
