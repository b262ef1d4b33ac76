import type { Command } from "commander";
import { eventPages } from "../../ledger/pages.js";
import { filterFrom, type FilterFlags } from "../../ledger/query.js";
import { changeFrom, WhatIf, type Change, type WhatIfDay, type WhatIfResult } from "../../optimize/index.js";
import { collect, loadCatalog } from "../catalog.js";
import { UsageError } from "../errors.js";
import { withLedger } from "../ledger.js";
import { formatFrom, renderCsv, renderTable, usd, type Column, type Format } from "../output.js";
import { progress } from "../progress.js";

interface WhatIfFlags extends Omit<FilterFlags, "to"> {
  /** repeatable: a date ends the range, a model name is the cascade's target */
  to: string[];
  model?: string;
  batch?: boolean;
  flex?: boolean;
  cache?: boolean;
  cacheTtl?: string;
  capOutput?: string;
  trimInput?: string;
  /** commander's negatable flag: false when --no-retries is given */
  retries: boolean;
  escalate?: string;
  db?: string;
  server?: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}([T ].*)?$/;

export function registerWhatIf(program: Command): void {
  program
    .command("whatif")
    .description(
      "what the recorded calls would have cost under one change: another model, a cascade, batch, flex, prompt caching, an output cap, a trimmed prompt, no retries",
    )
    .option("--model <model>", "the same calls on this model (with --escalate/--to: the cascade's small model)")
    .option("--escalate <share>", "cascade: this share of calls (0 to 1) also runs on the --to model")
    .option("--to <date|model>", "the range's end (a date, exclusive), or with --escalate the cascade's large model", collect, [])
    .option("--batch", "batch rates where the model has them")
    .option("--flex", "flex rates where the model has them")
    .option("--cache", "prompt caching by each provider's rules, replayed on the recorded prefix hashes")
    .option("--cache-ttl <name>", "with --cache: the entry lifetime to write (5m default, or 1h for Anthropic)")
    .option("--cap-output <tokens>", "output above N tokens priced as N")
    .option("--trim-input <percent>", "uncached input cut by this percentage")
    .option("--no-retries", "failed attempts removed (a retry that succeeded stands for the first try)")
    .option("--from <date>", "from this date or time (inclusive)")
    .option("--period <period>", "a year, month or day: 2026, 2026-10, 2026-10-05")
    .option("--where <key=value>", "only events where key is value (values comma-separated; repeatable)", collect, [])
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV (a row per day, then the total)")
    .addHelpText(
      "after",
      `
Exactly one change: --model, --batch, --flex, --cache, --cap-output, --trim-input or --no-retries.

Examples:
  tokenomics whatif --model gpt-4o-mini --where feature=classify --period 2026-10
  tokenomics whatif --model gpt-4o-mini --escalate 0.2 --to gpt-4o --from 2026-10-01 --to 2026-11-01
  tokenomics whatif --batch --where feature=nightly-report --json
  tokenomics whatif --cache --where team=search`,
    )
    .action(async (flags: WhatIfFlags) => {
      const { change, to } = parseFlags(flags);
      const range: FilterFlags = { where: flags.where };
      if (flags.from !== undefined) range.from = flags.from;
      if (flags.period !== undefined) range.period = flags.period;
      if (to !== undefined) range.to = to;
      const filter = filterFrom(range);
      const catalog = await loadCatalog(flags.catalog);
      const format = formatFrom(flags);
      const result = await withLedger(
        flags,
        async (store) => {
          const total = await store.count(filter);
          const bar = progress("what if", total);
          const w = new WhatIf(change, { catalog });
          let done = 0;
          for await (const page of eventPages(store, filter)) {
            w.addAll(page);
            bar.tick((done += page.length));
          }
          bar.done();
          return w.result();
        },
        "read",
      );
      print(result, format);
    });
}

/** the change, and the range's end: --to takes a date, or the cascade's model */
function parseFlags(flags: WhatIfFlags): { change: Change; to: string | undefined } {
  const dates = flags.to.filter((v) => DATE.test(v));
  const models = flags.to.filter((v) => !DATE.test(v));
  if (dates.length > 1) throw new UsageError(`--to: one end date only, got ${dates.join(" and ")}`);
  if (models.length > 1) throw new UsageError(`--to: one cascade model only, got ${models.join(" and ")}`);
  if (models.length === 1 && flags.escalate === undefined)
    throw new UsageError(`--to ${models[0]}: a model goes with --escalate (a cascade); a range ends at a date`);
  const change = changeFrom({
    model: flags.model,
    batch: flags.batch,
    flex: flags.flex,
    cache: flags.cache,
    cap_output: flags.capOutput,
    trim_input: flags.trimInput,
    no_retries: flags.retries === false,
    escalate: flags.escalate,
    to: models[0],
  });
  if (flags.cacheTtl !== undefined) {
    if (change.kind !== "cache") throw new UsageError("--cache-ttl goes with --cache");
    change.lifetime = flags.cacheTtl;
  }
  return { change, to: dates[0] };
}

function print(r: WhatIfResult, format: Format): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  const money = (v: string) => (format === "csv" ? v : usd(v));
  const columns: Column<WhatIfDay>[] = [
    { header: "day", value: (d) => d.day },
    { header: "events", value: (d) => d.events, align: "right" },
    { header: "actual_usd", value: (d) => money(d.actual_usd), align: "right" },
    { header: "counterfactual_usd", value: (d) => money(d.counterfactual_usd), align: "right" },
    { header: "saving_usd", value: (d) => money(d.saving_usd), align: "right" },
  ];
  const compared = r.events - r.unpriced_events;
  const total: WhatIfDay = { day: "total", events: compared, actual_usd: r.actual_usd, counterfactual_usd: r.counterfactual_usd, saving_usd: r.saving_usd };
  if (format === "csv") return void process.stdout.write(renderCsv([...r.by_day, total], columns));
  const lines = [
    `what if: ${r.change}`,
    `${r.events.toLocaleString("en-US")} events${r.unpriced_events ? ` (${r.unpriced_events.toLocaleString("en-US")} unpriced, left out of both sides)` : ""}: ${r.changed_events.toLocaleString("en-US")} changed, ${r.unchanged_events.toLocaleString("en-US")} unchanged${r.not_eligible_events ? ` (${r.not_eligible_events.toLocaleString("en-US")} not eligible)` : ""}`,
    `actual          ${usd(r.actual_usd)}`,
    `counterfactual  ${usd(r.counterfactual_usd)}`,
    `saving          ${usd(r.saving_usd)}${r.saving_pct !== null ? ` (${r.saving_pct}%)` : ""}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (r.by_day.length > 1) process.stdout.write(`\n${renderTable(r.by_day, columns)}`);
  process.stdout.write(`\nassumptions:\n${r.assumptions.map((a) => `  - ${a}`).join("\n")}\n`);
  if (r.unpriced.length) process.stdout.write(`\nunpriced:\n${r.unpriced.map((u) => `  - ${u.model} (${u.events}): ${u.reason}`).join("\n")}\n`);
}
