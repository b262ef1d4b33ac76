import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface StartupResult {
  runs: number;
  command: string;
  medianMs: number;
  p90Ms: number;
  nodeBaselineMedianMs: number;
}

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));

function time(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return ms;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** a cold `tokenomics price …` process, end to end, against a bare `node` start */
export function benchStartup(runs = 21): StartupResult {
  const args = [bin, "price", "--model", "claude-sonnet-4-5", "--input", "2000", "--cached-input", "10000", "--output", "800", "--json"];
  time(args); // the first run also warms the OS file cache
  const samples = Array.from({ length: runs }, () => time(args));
  const baseline = Array.from({ length: runs }, () => time(["-e", ""]));
  return {
    runs,
    command: "tokenomics price --model claude-sonnet-4-5 --input 2000 --cached-input 10000 --output 800 --json",
    medianMs: quantile(samples, 0.5),
    p90Ms: quantile(samples, 0.9),
    nodeBaselineMedianMs: quantile(baseline, 0.5),
  };
}
