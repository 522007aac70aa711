import { lookup } from "node:dns/promises";
import { isIP, isIPv6 } from "node:net";
import { isPublicAddress } from "../../platform/request-filtering-agent";

/** Longest webhook URL accepted, in characters. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type UrlRefusalCode =
  | "URL_INVALID"
  | "URL_SCHEME_NOT_ALLOWED"
  | "URL_CREDENTIALS_NOT_ALLOWED"
  | "URL_NOT_PUBLIC";

/** A refusal's message is safe to show to the user who entered the URL. */
export type UrlCheck = { ok: true } | { ok: false; code: UrlRefusalCode; message: string };

/** Every address a host name resolves to, as `dns.promises.lookup(host, { all: true })` answers. */
export type ResolveHost = (hostname: string) => Promise<readonly { address: string }[]>;

export interface PublicUrlOptions {
  /** Hosts that may resolve to private addresses (`WEBHOOK_ALLOWED_HOSTS`). */
  allowedHosts: readonly string[];
  /** Refuse `http:` URLs (production), except to allowed hosts. */
  requireHttps: boolean;
  /** Default `dns.promises.lookup` with `all: true`; tests substitute one to stage DNS answers. */
  resolve?: ResolveHost;
}

const resolveAll: ResolveHost = (hostname) => lookup(hostname, { all: true });

/**
 * Checks a webhook URL when it is registered: http(s) only, no credentials,
 * and a host whose every address is public unless the host is allowed. Send
 * time checks the connected address again (DNS may change in between).
 */
export async function assertPublicUrl(input: string, options: PublicUrlOptions): Promise<UrlCheck> {
  if (input.length > MAX_WEBHOOK_URL_LENGTH) return refuse("URL_INVALID", `URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  const url = URL.canParse(input) ? new URL(input) : undefined;
  if (!url) return refuse("URL_INVALID", "not a valid URL");
  const host = hostOf(url);
  const allowed = isAllowedHost(host, options.allowedHosts);
  // A listed host is one the operator vouches for: it may be private, and plain http even in production.
  const requireHttps = options.requireHttps && !allowed;
  if (url.protocol !== "https:" && (url.protocol !== "http:" || requireHttps)) {
    return refuse("URL_SCHEME_NOT_ALLOWED", requireHttps ? "URL must use https" : "URL must use https or http");
  }
  if (url.username || url.password) return refuse("URL_CREDENTIALS_NOT_ALLOWED", "URL must not contain a user name or password");

  const addresses = await (options.resolve ?? resolveAll)(host).catch(() => []);
  if (addresses.length > 0 && (allowed || addresses.every(({ address }) => isPublicAddress(address)))) return { ok: true };
  // One answer for "resolves to private addresses" and "does not resolve": two would tell users which internal names exist.
  return refuse("URL_NOT_PUBLIC", isIP(host) ? `${host} is not a public address` : `host ${host} does not resolve to public addresses only`);
}

/** The URL's host as the resolver and the allow-list see it: lower case, IPv6 without brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, "$1");

/** Whether a host is on the allow-list; entries are compared in the URL parser's canonical form. */
export function isAllowedHost(host: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((entry) => {
    const bracketed = isIPv6(entry) ? `[${entry}]` : entry;
    return URL.canParse(`http://${bracketed}`) && hostOf(new URL(`http://${bracketed}`)) === host;
  });
}

const refuse = (code: UrlRefusalCode, message: string): UrlCheck => ({ ok: false, code, message });
