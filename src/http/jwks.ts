import { Router } from "express";
import { recordRouteTemplate } from "../rest-bridge/route-template";
import type { SigningKeys } from "../auth/signing-keys";

/** Publishes the token-verification key so other services can check our JWTs. */
export function jwksRoute(keys: SigningKeys): Router {
  const router = Router();
  router.get("/.well-known/jwks.json", (req, res) => {
    recordRouteTemplate(req, res, "/.well-known/jwks.json");
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json({ keys: [keys.publicJwk] });
  });
  return router;
}
