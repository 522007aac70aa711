import { RequestFilteringHttpAgent } from "request-filtering-agent";
import { describe, expect, it } from "vitest";
import { isPublicAddress, refusedAddress } from "../../src/platform/request-filtering-agent";

/** Asks the agent about a literal address without sending a packet: an address it lets through reaches net, which throws on port -1. */
function agentRefusal(address: string): Error | undefined {
  let refusal: Error | undefined;
  try {
    new RequestFilteringHttpAgent().createConnection({ host: address, port: -1 }, (error) => {
      refusal = error ?? undefined;
    });
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe("ERR_SOCKET_BAD_PORT");
    return undefined;
  }
  expect(refusal).toBeInstanceOf(Error);
  return refusal;
}

const ADDRESSES = [
  "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
  "224.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1", "::", "::1", "fe80::1", "fc00::1", "ff02::1",
  "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2001:db8::1", "64:ff9b::7f00:1", "2002:7f00:1::1",
  "93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e",
];

describe("request-filtering-agent 3.2.1 as isPublicAddress and refusedAddress read it", () => {
  it.each(ADDRESSES)("isPublicAddress(%s) agrees with the agent", (address) => {
    const refusal = agentRefusal(address);
    expect(isPublicAddress(address)).toBe(refusal === undefined);
    if (refusal) expect(refusedAddress(refusal)).toBe(address);
  });

  it("classifies the sample as expected, so the table above tests both answers", () => {
    expect(ADDRESSES.filter(isPublicAddress)).toEqual(["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"]);
  });

  it("names nothing for other errors", () => {
    expect(refusedAddress(new Error("connect ECONNREFUSED 127.0.0.1:80"))).toBeUndefined();
  });
});
