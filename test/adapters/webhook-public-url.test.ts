import { describe, expect, it } from "vitest";
import { assertPublicUrl, type ResolveHost } from "../../src/adapters/webhook";

const open = { allowedHosts: [], requireHttps: false };
/** A staged DNS answer, for names no real resolver here knows. */
const answering = (...addresses: string[]): ResolveHost => async () => addresses.map((address) => ({ address }));

describe("assertPublicUrl", () => {
  it.each([
    "http://127.0.0.1/hook",
    "http://127.1:8080/hook",
    "http://[::1]/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://100.64.0.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fd00::1]/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
  ])("refuses %s as not public", async (url) => {
    expect(await assertPublicUrl(url, open)).toEqual({ ok: false, code: "URL_NOT_PUBLIC", message: expect.stringMatching(/is not a public address$/) });
  });

  it("refuses a name resolving to loopback, without naming the address", async () => {
    expect(await assertPublicUrl("http://localhost:4000/hook", open)).toEqual({
      ok: false,
      code: "URL_NOT_PUBLIC",
      message: "host localhost does not resolve to public addresses only",
    });
  });

  it("refuses a name when any one of its addresses is private", async () => {
    const check = await assertPublicUrl("https://hooks.example.test/", { ...open, resolve: answering("93.184.216.34", "10.0.0.7") });
    expect(check).toMatchObject({ ok: false, code: "URL_NOT_PUBLIC" });
  });

  it("accepts a public address literal, which dns.lookup answers without the network", async () => {
    expect(await assertPublicUrl("https://93.184.216.34/hook", open)).toEqual({ ok: true });
    expect(await assertPublicUrl("https://[2606:4700:4700::1111]/hook", open)).toEqual({ ok: true });
  });

  it("accepts a name whose addresses are all public", async () => {
    expect(await assertPublicUrl("https://hooks.example.test/", { ...open, resolve: answering("93.184.216.34", "2606:4700::1") })).toEqual({ ok: true });
  });

  it.each([
    ["ftp://93.184.216.34/hook", open, "URL_SCHEME_NOT_ALLOWED", "URL must use https or http"],
    ["javascript:alert(1)", open, "URL_SCHEME_NOT_ALLOWED", "URL must use https or http"],
    ["http://93.184.216.34/hook", { ...open, requireHttps: true }, "URL_SCHEME_NOT_ALLOWED", "URL must use https"],
    ["https://user:pass@93.184.216.34/hook", open, "URL_CREDENTIALS_NOT_ALLOWED", "URL must not contain a user name or password"],
    ["https://token@93.184.216.34/hook", open, "URL_CREDENTIALS_NOT_ALLOWED", "URL must not contain a user name or password"],
    ["https://nothing-here.invalid/hook", open, "URL_NOT_PUBLIC", "host nothing-here.invalid does not resolve to public addresses only"],
    ["not a url", open, "URL_INVALID", "not a valid URL"],
    [`https://93.184.216.34/${"a".repeat(2048)}`, open, "URL_INVALID", "URL is longer than 2048 characters"],
  ])("refuses %s", async (url, options, code, message) => {
    expect(await assertPublicUrl(url, options)).toEqual({ ok: false, code, message });
  });

  it("accepts https when https is required", async () => {
    expect(await assertPublicUrl("https://93.184.216.34/hook", { ...open, requireHttps: true })).toEqual({ ok: true });
  });

  describe("with allowed hosts", () => {
    it("accepts an allowed name that resolves to loopback", async () => {
      expect(await assertPublicUrl("http://localhost:4000/hook", { ...open, allowedHosts: ["localhost"] })).toEqual({ ok: true });
    });

    it("accepts allowed address literals in any spelling", async () => {
      expect(await assertPublicUrl("http://[0:0::1]:4000/hook", { ...open, allowedHosts: ["::1"] })).toEqual({ ok: true });
      expect(await assertPublicUrl("http://127.0.0.1/hook", { ...open, allowedHosts: ["127.1"] })).toEqual({ ok: true });
      expect(await assertPublicUrl("http://[::1]/hook", { ...open, allowedHosts: ["[::1]"] })).toEqual({ ok: true });
    });

    it("allows only the host named, not the addresses it resolves to", async () => {
      expect(await assertPublicUrl("http://127.0.0.1:4000/hook", { ...open, allowedHosts: ["localhost"] })).toMatchObject({ code: "URL_NOT_PUBLIC" });
      expect(await assertPublicUrl("http://localhost.:4000/hook", { allowedHosts: ["localhost"], requireHttps: false, resolve: answering("127.0.0.1") })).toMatchObject({ code: "URL_NOT_PUBLIC" });
    });

    it("still refuses an allowed host that does not resolve", async () => {
      expect(await assertPublicUrl("http://internal.invalid/hook", { ...open, allowedHosts: ["internal.invalid"] })).toMatchObject({ code: "URL_NOT_PUBLIC" });
    });
  });
});
