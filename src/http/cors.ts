import cors from "cors";

const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** `CORS_ORIGINS` when set; otherwise any localhost origin outside production and none in production. */
export function corsPolicy(origins: string | undefined, production: boolean) {
  const allowed = origins
    ?.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return cors({
    origin: allowed?.length ? allowed : production ? false : LOCALHOST,
    exposedHeaders: ["X-Request-ID", "API-Version", "API-Supported-Versions", "Deprecation", "Sunset", "Link"],
    maxAge: 600,
  });
}
