import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logger";
import { redactSecrets } from "../../src/http/log-redaction";

function capture() {
  const lines: Record<string, any>[] = [];
  const log = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe("log redaction", () => {
  it("censors credentials at the top level and nested in objects and arrays", () => {
    const { log, lines } = capture();
    log.info(
      {
        authorization: "Bearer top",
        password: "hunter2",
        user: { email: "a@example.com", passwordHash: "scrypt$abc", profile: { privateKey: "-----BEGIN" } },
        tokens: [{ access_token: "at", refresh_token: "rt" }, { accessToken: "at2", refreshToken: "rt2" }],
        reset: { token: "reset-token" },
        webhook: { secret: "whsec_abc", secretCiphertext: "v1.sealed", previousSecretCiphertext: "v1.older" },
      },
      "credentials",
    );
    const [line] = lines;
    expect(line).toMatchObject({
      msg: "credentials",
      authorization: "[redacted]",
      password: "[redacted]",
      user: { email: "a@example.com", passwordHash: "[redacted]", profile: { privateKey: "[redacted]" } },
      tokens: [
        { access_token: "[redacted]", refresh_token: "[redacted]" },
        { accessToken: "[redacted]", refreshToken: "[redacted]" },
      ],
      reset: { token: "[redacted]" },
      webhook: { secret: "[redacted]", secretCiphertext: "[redacted]", previousSecretCiphertext: "[redacted]" },
    });
    for (const secret of ["Bearer top", "hunter2", "scrypt$abc", "BEGIN", '"at"', '"rt"', "at2", "rt2", "reset-token", "whsec_abc", "v1.sealed", "v1.older"]) expect(JSON.stringify(line)).not.toContain(secret);
  });

  it("censors the lines of a child logger too (the job worker logs through one)", () => {
    const { log, lines } = capture();
    log.child({ job: { id: 1 } }).warn({ webhook: { secret: "whsec_child" } }, "child line");
    expect(lines[0]).toMatchObject({ job: { id: 1 }, webhook: { secret: "[redacted]" } });
  });

  it("leaves the caller's objects unchanged and passes objects without secrets through as they are", () => {
    const nested = { password: "hunter2" };
    const logged = { request_id: "r1", nested };
    const clean = { request_id: "r2", status: 200, tags: ["a", "b"], meta: { path: "/api/v1/issues" } };
    expect(redactSecrets(logged)).toEqual({ request_id: "r1", nested: { password: "[redacted]" } });
    expect(logged.nested).toBe(nested);
    expect(nested.password).toBe("hunter2");
    expect(redactSecrets(clean)).toBe(clean);
  });

  it("logs errors through the error serializer, without their parameters", () => {
    const { log, lines } = capture();
    log.error({ err: new Error("failed query\nparams: secret@example.com,scrypt$x") }, "boom");
    expect(lines[0]!.err).toMatchObject({ type: "Error", message: "failed query\nparams: [redacted]" });
  });

  it("stops at a bounded depth, so cyclic and very deep objects cannot stall a log call", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(() => redactSecrets({ cyclic })).not.toThrow();
    const deep = { a: { b: { c: { password: "found" } } } };
    expect(redactSecrets(deep)).toEqual({ a: { b: { c: { password: "[redacted]" } } } });
    const deeper = { a: { b: { c: { d: { password: "past the bound" } } } } };
    expect(redactSecrets(deeper)).toBe(deeper);
  });
});
