#!/usr/bin/env node
// Makes sure what the test suite needs beyond npm packages is on this
// machine: Chromium for the browser suite. On Debian as root it installs
// the missing packages; anywhere else it stops and says what to install.
// Set HYPERCARE_NO_INSTALL=1 to never install, HYPERCARE_CHROMIUM to use
// another Chromium binary.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.HYPERCARE_CHROMIUM || '/usr/bin/chromium';

const needs = [
  {
    what: 'Chromium',
    present: () => existsSync(CHROMIUM),
    debianPackages: ['chromium'],
  },
];

function canInstall() {
  if (process.env.HYPERCARE_NO_INSTALL === '1') return false;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return false;
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function install(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`Installing ${packages.join(', ')} from Debian's packages…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}

const missing = needs.filter((need) => !need.present());
if (missing.length > 0) {
  const packages = missing.flatMap((need) => need.debianPackages);
  if (canInstall()) install(packages);

  const still = missing.filter((need) => !need.present());
  if (still.length > 0) {
    const names = still.map((need) => need.what).join(' and ');
    console.error(
      `Failed to prepare the tests: ${names} not found.\n` +
        `Install with: sudo apt-get update && sudo apt-get install ${packages.join(' ')}\n` +
        `(or point HYPERCARE_CHROMIUM at a Chromium binary).`,
    );
    process.exit(1);
  }
}
