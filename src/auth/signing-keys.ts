import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  type JWK,
  type CryptoKey,
} from "jose";

export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public key as published at `/.well-known/jwks.json`. */
  publicJwk: JWK;
}

export interface SigningKeySource {
  privateKeyPem?: string;
  publicKeyPem?: string;
  /** Where a generated pair is kept when no PEM is configured. */
  dataDir: string;
}

const ALG = "RS256";

async function fromPem(privatePem: string, publicPem: string): Promise<SigningKeys> {
  const privateKey = await importPKCS8(privatePem, ALG);
  const publicKey = await importSPKI(publicPem, ALG, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: ALG, use: "sig" } };
}

/**
 * Configured PEM keys win. Otherwise a pair generated on first start is kept
 * in the data directory so issued tokens survive a restart.
 */
export async function loadSigningKeys(source: SigningKeySource): Promise<SigningKeys> {
  if (source.privateKeyPem && source.publicKeyPem) return fromPem(source.privateKeyPem, source.publicKeyPem);
  const privatePath = join(source.dataDir, "jwt-private.pem");
  const publicPath = join(source.dataDir, "jwt-public.pem");
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    const pair = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    mkdirSync(source.dataDir, { recursive: true });
    writeFileSync(privatePath, await exportPKCS8(pair.privateKey), { mode: 0o600 });
    writeFileSync(publicPath, await exportSPKI(pair.publicKey), { mode: 0o644 });
  }
  return fromPem(readFileSync(privatePath, "utf8"), readFileSync(publicPath, "utf8"));
}
