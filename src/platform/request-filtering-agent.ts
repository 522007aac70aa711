// Relies on: request-filtering-agent 3.2.1 refusing (without an allow-list) every address whose
// range in its own copy of ipaddr.js (2.5.0) is not "unicast", and naming the refused address at the
// start of its error message. Pinned by test/platform/request-filtering-agent.test.ts.

import { createRequire } from "node:module";

interface IpAddressLibrary {
  isValid(address: string): boolean;
  parse(address: string): { range(): string };
}

// The agent's own copy, resolved from its directory, so registration and send time classify alike.
const agentPath = createRequire(import.meta.url).resolve("request-filtering-agent");
const ipaddr = createRequire(agentPath)("ipaddr.js") as IpAddressLibrary;

/**
 * Whether request-filtering-agent would connect to this IP address: only
 * globally routable unicast. Loopback, private, link-local, CGNAT, multicast,
 * unspecified, reserved and IPv4-mapped IPv6 addresses are not public.
 */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.parse(address).range() === "unicast";
}

const REFUSAL = /^DNS lookup (.+?)\(family:.*\) is not allowed\./;

/** The address named by an error with which the agent refused a connection; undefined for any other error. */
export function refusedAddress(error: Error): string | undefined {
  return REFUSAL.exec(error.message)?.[1];
}
