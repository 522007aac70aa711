import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

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
  ])("names %s when its value %j is invalid", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it("requires both JWT keys or neither", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----";
    expect(() => loadConfig({ JWT_PRIVATE_KEY: pem })).toThrow(/JWT_PUBLIC_KEY/);
    expect(() => loadConfig({ JWT_PRIVATE_KEY: "not pem", JWT_PUBLIC_KEY: pem })).toThrow(/JWT_PRIVATE_KEY: must be a PEM/);
  });
});
