import type { RequestHandler } from "express";
import { DomainError } from "../errors/domain-error";
import { API_VERSION, SUPPORTED_VERSIONS } from "../rest-bridge/envelope";

const VENDOR_TYPE = /application\/vnd\.projectmanager\.([a-z0-9]+)\+json/gi;

/**
 * Seed 001 §13: every response names the version it speaks and the ones
 * supported. A client may ask for a version with
 * `Accept: application/vnd.projectmanager.v1+json`; asking only for versions
 * this server does not speak answers 406.
 */
export const apiVersion: RequestHandler = (req, res, next) => {
  res.setHeader("API-Version", API_VERSION);
  res.setHeader("API-Supported-Versions", SUPPORTED_VERSIONS.join(", "));
  const requested = [...(req.get("accept") ?? "").matchAll(VENDOR_TYPE)].map((match) => match[1]!.toLowerCase());
  if (requested.length && !requested.some((version) => SUPPORTED_VERSIONS.includes(version))) {
    throw new DomainError("UNSUPPORTED_API_VERSION", `API version ${requested.join(", ")} is not supported`, {
      requested_versions: requested,
      supported_versions: SUPPORTED_VERSIONS,
    });
  }
  next();
};
