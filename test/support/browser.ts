/**
 * Starts the machine's own Chromium for the browser suite; the tests never
 * download a browser. HYPERCARE_CHROMIUM points at another binary.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HYPERCARE_CHROMIUM || '/usr/bin/chromium';

/** `extraArgs` add switches a suite needs, such as accepting tab capture. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Pages served through request routing load loopback resources.
      '--disable-features=LocalNetworkAccessChecks',
      ...extraArgs,
    ],
  });
}
