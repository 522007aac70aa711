import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";

/** Encrypts secrets we must send again later (webhook signing secrets), so a database dump alone does not reveal them. */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws when the ciphertext was not sealed with this key or was altered. */
  open(sealed: string): string;
}

/** AES-256-GCM with a random 96-bit IV per secret: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function secretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`the secret key must be ${KEY_BYTES} bytes`);
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not a sealed secret");
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

/**
 * A configured key (64 hex characters or base64 of 32 bytes) wins. Otherwise
 * a key generated on first start is kept in the data directory, as the JWT
 * keys are, so sealed secrets survive a restart.
 */
export function loadSecretKey(source: { configured?: string; dataDir: string; fileName: string }): Buffer {
  if (source.configured) return parseSecretKey(source.configured);
  const path = join(source.dataDir, source.fileName);
  if (!existsSync(path)) {
    mkdirSync(source.dataDir, { recursive: true });
    try {
      writeFileSync(path, randomBytes(KEY_BYTES).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process starting at the same moment wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return parseSecretKey(readFileSync(path, "utf8").trim());
}

/** 64 hex characters or base64 of exactly 32 bytes; anything else throws. */
export function parseSecretKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== KEY_BYTES) throw new Error(`must be ${KEY_BYTES} bytes, as 64 hex characters or base64`);
  return key;
}
