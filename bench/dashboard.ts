/**
 * The dashboard over a big ledger: `tokenomics serve` on the reports benchmark's 10M events, the
 * Overview, Explore, Forecast and Outcomes pages loaded in headless Chromium (Debian's, through playwright-core), timed
 * from navigation to the page's `data-ready` — every number drawn, the server aggregating.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { findChromium } from "../test/support/chromium.js";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));

export interface PageTiming {
  page: string;
  /** median of the runs, ms */
  ms: number;
  runs: number[];
}

export type DashboardResult = { timings: PageTiming[] } | { skipped: string };

export async function benchDashboard(ledger: string, runs = 3): Promise<DashboardResult> {
  const executablePath = findChromium();
  if (!executablePath) return { skipped: "no chromium here (scripts/install-chromium.sh installs it)" };
  const token = "bench-dashboard";
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", "--db", ledger], {
    env: { ...process.env, TOKENOMICS_ADMIN_TOKEN: token },
    stdio: ["ignore", "ignore", "pipe"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = "";
      child.stderr!.on("data", (c: Buffer) => {
        err += c.toString();
        const m = err.match(/listening on (http:\/\/\S+?) /);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    try {
      const timings: PageTiming[] = [];
      const pages = [
        ["Overview (last 30 days, by team per day, tops)", "/"],
        ["Explore (by model, every day, all 90 days)", "/explore?by=model&every=day&from=2025-08-01&to=2025-11-01"],
        // plan fit over all 90 days (three aggregates), then the fitted portfolio run four times
        ["Forecast (fit on 90 days, 12 months as fitted and under three scenarios)", "/forecast"],
        ["Outcomes (last 30 days, by feature; this ledger records none)", "/outcomes"],
      ] as const;
      for (const [page, path] of pages) {
        const samples: number[] = [];
        // the first load warms the server's file cache; then fresh browser contexts each time
        for (let i = 0; i <= runs; i++) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          const tab = await context.newPage();
          await tab.addInitScript((t) => localStorage.setItem("tokenomics.token", t), token);
          const start = performance.now();
          await tab.goto(`${url}${path}`);
          await tab.waitForSelector("[data-page][data-ready=true]", { timeout: 60_000 });
          if (i > 0) samples.push(performance.now() - start);
          await context.close();
        }
        const sorted = [...samples].sort((a, b) => a - b);
        timings.push({ page, ms: sorted[Math.floor(sorted.length / 2)]!, runs: samples });
      }
      return { timings };
    } finally {
      await browser.close();
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}
