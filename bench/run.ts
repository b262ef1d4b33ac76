import { writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { fileURLToPath } from "node:url";
import { benchCounting } from "./counting.js";
import { benchPricing } from "./pricing.js";
import { benchStartup } from "./startup.js";
import { benchImport } from "./import.js";
import { benchReports } from "./reports.js";
import { benchClaudeCode } from "./claude-code.js";
import { benchGateway } from "./gateway.js";
import { gatewaySection, spliceSection } from "./gateway-report.js";
import { benchGovernance } from "./governance.js";
import { GOVERNANCE_HEADING, governanceSection } from "./governance-report.js";
import { n, pass } from "./format.js";
import { benchDashboard, type DashboardResult } from "./dashboard.js";
import { benchPlanning } from "./planning.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const version = (pkg: string) => (JSON.parse(readFileSync(`${root}/node_modules/${pkg}/package.json`, "utf8")) as { version: string }).version;
const page = `${root}/docs/benchmarks.md`;

// `npm run bench -- gateway`: only the gateway's section, re-run and replaced in the page
if (process.argv.slice(2).includes("gateway")) {
  console.error("gateway: latency at 500 calls/s (steady and in bursts) and saturation, simulator alone vs through tokenomics serve…");
  const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
  const section = gatewaySection(await benchGateway(10)).replace("\n", `\n_Re-run alone (\`npm run bench -- gateway\`) on ${stamp} UTC._\n`);
  writeFileSync(page, spliceSection(readFileSync(page, "utf8"), section));
  process.stdout.write(section);
  process.exit(0);
}

// `npm run bench -- governance`: only the governance section
if (process.argv.slice(2).includes("governance")) {
  console.error("governance: the admission decision, and the gateway with ten budgets and two policies…");
  const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
  const section = governanceSection(await benchGovernance(10)).replace("\n", `\n_Re-run alone (\`npm run bench -- governance\`) on ${stamp} UTC._\n`);
  writeFileSync(page, spliceSection(readFileSync(page, "utf8"), section, GOVERNANCE_HEADING));
  process.stdout.write(section);
  process.exit(0);
}

console.error("pricing…");
const pricing = benchPricing();
console.error("counting…");
const counting = await benchCounting();
console.error("planning Monte Carlo…");
const planning = benchPlanning();
console.error("start-up…");
const startup = benchStartup();
console.error("import…");
const imported = await benchImport(1_000_000);
console.error("reports over 10M events…");
const dashboardRun: { result: DashboardResult } = { result: { skipped: "not run" } };
const reports = await benchReports(10_000_000, async (path) => {
  console.error("dashboard over the same 10M events…");
  dashboardRun.result = await benchDashboard(path);
});
const dashboard = dashboardRun.result;
console.error("Claude Code logs against ccusage (≥1 GB; installs ccusage into a temp folder)…");
const claude = await benchClaudeCode(1_100_000_000, process.env.BENCH_SKIP_CCUSAGE_TS !== "1");
console.error("gateway: latency at 500 calls/s (steady and in bursts) and saturation, simulator alone vs through tokenomics serve…");
const gateway = await benchGateway(10);
console.error("governance: the admission decision, and the gateway with ten budgets and two policies…");
const governance = await benchGovernance(10);
const ours = claude.runs[0]!;
const native = claude.runs.find((r) => r.name.includes("native"));

const md = `# Benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.
Shared VMs vary ±20% run to run: compare figures within one run.

## Machine and versions
| | |
|---|---|
| CPU | ${cpus()[0]?.model ?? "?"} × ${cpus().length} |
| memory | ${n(totalmem() / 2 ** 30, 1)} GiB |
| OS | ${platform()} ${release()} |
| Node | ${process.version} |
| gpt-tokenizer | ${version("gpt-tokenizer")} |
| tiktoken | ${version("tiktoken")} |
| big.js | ${version("big.js")} |
| @duckdb/node-api | ${version("@duckdb/node-api")} |
| hono | ${version("hono")} |
| autocannon (load generator) | ${version("autocannon")} |

## Pricing — target: ≥ 2,000,000 usage records per second on one core, exactly
${n(pricing.records)} records over ${pricing.models} models (incl. aliases and prefixed names), dates across four months,
every call through the public \`priceWith(catalog, usage, model, at)\`: resolution, version by date,
long-context tier, exact integer arithmetic.

| | records/s | |
|---|---:|---|
| price + exact \`total_usd\` decimal string | **${n(pricing.recordsPerSecond)}** | ${pass(pricing.recordsPerSecond >= 2_000_000)} |
| price, exact scaled-integer total only | ${n(pricing.totalOnlyPerSecond)} | |
| peer: the same sums done naively with big.js per record | ${n(pricing.naiveBigJsPerSecond)} | ${n(pricing.recordsPerSecond / pricing.naiveBigJsPerSecond, 1)}× slower than ours |

Exactness: ${n(pricing.exactChecked)} of the benchmarked records re-priced independently with big.js from the applied rates: all equal.

## Counting — target: ≥ 90% of the raw tokenizer's throughput on the same 4 KB chunks
${n(counting.corpusMB, 1)} MB of prose and code (the \`.d.ts\` and \`.md\` files under \`node_modules\`), ${n(counting.chunks)} chunks of 4 KB, o200k_base, one thread, best of 3 alternating rounds.

| | MB/s | |
|---|---:|---|
| ours (\`loadEncoding("o200k_base").count\`, with the U+FEFF correction) | **${n(counting.oursMBs, 2)}** | ${n(counting.ratio * 100)}% of raw — ${pass(counting.ratio >= 0.9)} |
| raw gpt-tokenizer \`countTokens\` | ${n(counting.rawMBs, 2)} | |
| tiktoken (WASM, reference) on a 300-chunk sample | ${n(counting.tiktokenMBs, 2)} | |

Ours counts ${n(counting.tokensPerSecond)} tokens/s; on the sample its counts ${counting.agreesWithTiktoken ? "equal tiktoken's exactly" : "DIFFER from tiktoken's"}.

## Start-up — target: \`tokenomics price …\` answers in under 300 ms from a cold process
\`${startup.command}\`, ${startup.runs} runs as separate processes.

| | ms |
|---|---:|
| median | **${n(startup.medianMs)}** ${pass(startup.medianMs < 300)} |
| p90 | ${n(startup.p90Ms)} |
| bare \`node -e ""\` (the floor) | ${n(startup.nodeBaselineMedianMs)} |

## Ledger import — target: ≥ 300,000 events/s from JSONL into the embedded ledger
\`tokenomics import openai\` of ${n(imported.lines)} lines (${n(imported.megabytes)} MB: Chat Completions usage bodies with
attribution alongside) into a fresh ledger, as a separate process: read, normalise, price, store. The
native import (DuckDB parses, checks, normalises and prices the plain lines in SQL, in pieces of
128 MB) against \`--no-native\` (every line read in JavaScript, as before); both store the same
events and the same total (${imported.runs.every((r) => r.total_usd === imported.runs[0]!.total_usd && r.inserted === imported.lines) ? "checked: equal" : "**differ**"}).

| path | events/s | seconds | peak memory | |
|---|---:|---:|---:|---|
${imported.runs.map((r) => `| ${r.path} | **${n(r.eventsPerSecond)}** | ${n(r.seconds, 1)} | ${n(r.peakMB)} MB | ${pass(r.eventsPerSecond >= 300_000)} |`).join("\n")}

## Reports — target: any report over 10 million events in under 500 ms
${n(reports.events)} synthetic events over 90 days (8 teams, 23 features, 2,000 customers, 7 models, one unpriced),
written by SQL in ${n(reports.generateSeconds)} s; each report through \`Store.aggregate\` (median of 3, warm).

| report | rows | ms | |
|---|---:|---:|---|
${reports.timings.map((t) => `| ${t.name}${t.targetMs ? ` (target < ${n(t.targetMs / 1000)} s)` : ""} | ${n(t.rows)} | **${n(t.ms)}** | ${pass(t.ms < (t.targetMs ?? 500))} |`).join("\n")}

## Planning — target: a Monte Carlo of 10,000 paths × 12 months × 50 use cases in under 2 s
\`runPlan\` on a generated portfolio of ${planning.useCases} use cases (six models, all three growth kinds, spreads on
volume, input and output, and on the rate of the compound ones), ${n(planning.runs)} paths × ${planning.months} months, priced with the built-in catalog (median of 3).

| | ms | |
|---|---:|---|
| plan run | **${n(planning.ms)}** | ${pass(planning.ms < 2000)} |

## Dashboard over 10 million events — target: first render under 1 s (demo month), smooth at 10M because the server aggregates
The same 10M-event ledger served by \`tokenomics serve\`; each page loaded in headless Chromium (fresh context, median of 3
after a warm-up), timed from navigation to the page's \`data-ready\` (all its figures drawn). The demo month's first
render is asserted under 1 s by the browser tests (\`test/dashboard.test.ts\`).

${"skipped" in dashboard ? `skipped: ${dashboard.skipped}` : `| page | ms | runs |\n|---|---:|---|\n${dashboard.timings.map((t) => `| ${t.page} | **${n(t.ms)}** | ${t.runs.map((r) => n(r)).join(", ")} |`).join("\n")}`}

## Claude Code logs — targets: ccusage's daily totals, an import at least as fast as its native build, under 1 GB
${n(claude.logs.bytes / 2 ** 20)} MiB of generated logs (compact JSON as Claude Code writes it): ${n(claude.logs.lines)} lines,
${n(claude.logs.files)} session files, ${n(claude.logs.uniqueMessages)} unique messages (streaming repeats each message's usage; partial early
blocks, subagent usage inside tool results and resumed sessions are there to trip readers up).

| | seconds | peak memory | |
|---|---:|---:|---|
${claude.runs.map((r) => `| ${r.name} | ${r.ok ? n(r.seconds, 2) : "failed"} | ${r.ok ? `${n(r.peakMB)} MB` : (r.note ?? "")} | |`).join("\n")}

- daily totals (input, output, cache write, cache read) equal to ccusage's on **${claude.daysEqual} of ${claude.days} days**${claude.firstDifference ? ` — first difference: ${claude.firstDifference}` : ""}; ${n(claude.events)} events stored
- import at least as fast as the native build: ${native?.ok ? pass(ours.seconds <= native.seconds) : "not measured"} (ours imports into a durable ledger; ccusage only reads and sums)
- under 1 GB of memory: ${pass(ours.peakMB < 1024)}

${gatewaySection(gateway)}
${governanceSection(governance)}`;
mkdirSync(`${root}/docs`, { recursive: true });
writeFileSync(page, md);
process.stdout.write(md);
