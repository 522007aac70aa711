import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";

/** Where `npm run client:build` writes the example board. */
const BOARD = fileURLToPath(new URL("../../client/dist", import.meta.url));

/** The built board at `/` (its hashed assets under `/assets`), when it has been built; nothing otherwise. */
export function boardRoutes(): Router | null {
  if (!existsSync(`${BOARD}/index.html`)) return null;
  const router = Router();
  router.use("/assets", express.static(`${BOARD}/assets`, { index: false, immutable: true, maxAge: "1y" }));
  router.get("/", (_req, res) => res.sendFile(`${BOARD}/index.html`, { headers: { "cache-control": "no-cache" } }));
  return router;
}
