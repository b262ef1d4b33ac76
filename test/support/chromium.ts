/**
 * Debian's chromium for the dashboard's browser tests, driven by playwright-core (which brings no
 * browser of its own). Under CI a missing chromium is installed (scripts/install-chromium.sh, as
 * root with apt-get) or the tests fail saying how to get it; a developer without it is told why
 * the tests are skipped.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const INSTALL = fileURLToPath(new URL("../../../scripts/install-chromium.sh", import.meta.url));
const HOW =
  "install Debian's chromium (sudo apt-get update && sudo apt-get install -y chromium, or scripts/install-chromium.sh as root), or set TOKENOMICS_CHROMIUM to a Chromium binary";

export type ChromiumLookup = { path: string } | { skip: string } | { error: string };

/** CI=1/true (not 0/false): a missing browser is a failure there, never a skip */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** TOKENOMICS_CHROMIUM, else `chromium` on PATH (Debian: /usr/bin/chromium) */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TOKENOMICS_CHROMIUM) return env.TOKENOMICS_CHROMIUM;
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  return dirs.map((d) => join(d, "chromium")).find(executable);
}

/** the browser to launch; in CI, installed first when missing */
export function chromiumForTests(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const found = findChromium(env);
  if (found) return { path: found };
  if (!inCi(env)) return { skip: `chromium is not installed (CI is not set, so the browser tests are skipped): ${HOW}` };
  try {
    execFileSync(INSTALL, { stdio: ["ignore", "inherit", "inherit"], timeout: 300_000 });
  } catch (e) {
    return { error: `chromium is missing and could not be installed (${(e as Error).message.split("\n")[0]}): ${HOW}` };
  }
  const installed = findChromium(env);
  return installed ? { path: installed } : { error: `scripts/install-chromium.sh ran but no chromium is on PATH: ${HOW}` };
}
