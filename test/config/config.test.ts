import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config";

describe("loadConfig", () => {
  it("applies documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: "development",
      PORT: 4000,
      DATA_DIR: "./data",
      ACCESS_TOKEN_TTL: 3600,
      ALLOW_REGISTRATION: true,
      BODY_LIMIT_BYTES: 1_048_576,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_LOCK_SECONDS: 900,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("reads WEBHOOK_ALLOWED_HOSTS as a list of hosts", () => {
    expect(loadConfig({}).WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(loadConfig({ WEBHOOK_ALLOWED_HOSTS: " localhost, ::1,[::1], 10.0.0.5," }).WEBHOOK_ALLOWED_HOSTS).toEqual(["localhost", "::1", "[::1]", "10.0.0.5"]);
    expect(loadConfig({}).WEBHOOK_TIMEOUT_MS).toBe(30_000);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).PORT).toBe(4000);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["NODE_ENV", "staging"],
    ["DATABASE_URL", "not a url"],
    ["ALLOW_REGISTRATION", "maybe"],
    ["ACCESS_TOKEN_TTL", "-5"],
    ["LOG_LEVEL", "loud"],
    ["METRICS_TOKEN", "too-short"],
    ["METRICS_TOKEN", "sixteen-chars-but-has spaces"],
    ["WEBHOOK_ALLOWED_HOSTS", "http://localhost"],
    ["WEBHOOK_ALLOWED_HOSTS", "localhost:4000"],
    ["WEBHOOK_TIMEOUT_MS", "0"],
  ])("names %s when its value %j is invalid", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  describe("JWT keys", () => {
    const pair = () => generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const keys = pair();

    it("accepts a matching PEM pair, also with escaped newlines", () => {
      const config = loadConfig({ JWT_PRIVATE_KEY: keys.privateKey.replace(/\n/g, "\\n"), JWT_PUBLIC_KEY: keys.publicKey });
      expect(config.JWT_PRIVATE_KEY).toBe(keys.privateKey);
    });

    it("requires both or neither", () => {
      expect(() => loadConfig({ JWT_PRIVATE_KEY: keys.privateKey })).toThrow(/JWT_PUBLIC_KEY: JWT_PRIVATE_KEY and JWT_PUBLIC_KEY must be set together/);
    });

    it("names a key that does not load", () => {
      const broken = keys.privateKey.replace(/[A-Za-z]{20}/, "x".repeat(20));
      expect(() => loadConfig({ JWT_PRIVATE_KEY: broken, JWT_PUBLIC_KEY: keys.publicKey })).toThrow(/JWT_PRIVATE_KEY: must be a PEM-encoded RSA key/);
      expect(() => loadConfig({ JWT_PRIVATE_KEY: keys.privateKey, JWT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----" })).toThrow(/JWT_PUBLIC_KEY: must be a PEM/);
    });

    it("refuses a public key that does not belong to the private key", () => {
      expect(() => loadConfig({ JWT_PRIVATE_KEY: keys.privateKey, JWT_PUBLIC_KEY: pair().publicKey })).toThrow(/JWT_PUBLIC_KEY: does not match JWT_PRIVATE_KEY/);
    });
  });
});
