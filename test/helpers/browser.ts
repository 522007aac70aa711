import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere. */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep a headless Chromium quiet on a closed network (docs/testing.md). */
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE)) throw new Error(`No Chromium at ${EXECUTABLE}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: EXECUTABLE, args: FLAGS });
}
