import { createWriteStream } from "node:fs";
import type { Command } from "commander";
import { focusCsvLines } from "../../ledger/focus-csv.js";
import type { FocusRow } from "../../ledger/focus.js";
import type { AggregateRow } from "../../ledger/store.js";
import { USAGE_FIELDS } from "../../usage/usage.js";
import { DIMENSIONS } from "../../usage/event.js";
import { collect } from "../catalog.js";
import { UsageError } from "../errors.js";
import { dimensionFlag, filterFrom, periodFlag, type FilterFlags } from "../../ledger/query.js";
import { withLedger } from "../ledger.js";

interface ExportFlags extends FilterFlags {
  format: string;
  every: string;
  tags?: string;
  out?: string;
  db?: string;
  server?: string;
}

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("export the ledger for FinOps tools: FOCUS CSV, one row per model × token class × charge period")
    .option("--format <format>", "focus", "focus")
    .option("--every <period>", "charge period: day, week or month", "day")
    .option("--tags <dimensions>", "attribution dimensions to split rows by and carry as FOCUS Tags, e.g. team,feature")
    .option("--from <date>", "from this date (inclusive)")
    .option("--to <date>", "to this date (exclusive)")
    .option("--period <period>", "a year, month or day")
    .option("--where <key=value>", "only events where key is value (repeatable)", collect, [])
    .option("--out <file>", "write to a file instead of standard output")
    .option("--db <file>", "ledger file")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .addHelpText("after", "\nExamples:\n  tokenomics export --format focus --period 2026-10 --tags team,feature --out focus-2026-10.csv")
    .action(async (flags: ExportFlags) => {
      if (flags.format !== "focus") throw new UsageError(`--format: only "focus" is supported, got "${flags.format}"`);
      const every = periodFlag(flags.every)!;
      const tags = (flags.tags ?? "")
        .split(",")
        .filter(Boolean)
        .map((d) => dimensionFlag("--tags", d));
      const result = await withLedger(
        flags,
        (store) => store.aggregate({ ...filterFrom(flags), by: ["provider", "resolved_model", ...tags], every, costs: true }),
        "read",
      );
      const out = flags.out ? createWriteStream(flags.out) : process.stdout;
      for (const line of focusCsvLines(focusRows(result.rows, every, tags))) out.write(line);
      if (flags.out) await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
      if (result.unpriced_events > 0) {
        process.stderr.write(
          `${result.unpriced_events} unpriced events are not in the export (FOCUS needs a cost on every row): ${result.unpriced.map((u) => u.model).join(", ")}\n`,
        );
      }
    });
}

/** one FOCUS row per model × billed field × period; list = billed = effective (no contract data in the ledger yet) */
export function focusRows(rows: readonly AggregateRow[], every: "day" | "week" | "month", tags: readonly string[]): FocusRow[] {
  const out: FocusRow[] = [];
  for (const r of rows) {
    if (!r.period || !r.dimensions.resolved_model) continue;
    const start = r.period;
    const end = periodEnd(start, every);
    const rowTags = Object.fromEntries(tags.filter((t) => r.dimensions[t]).map((t) => [focusTagKey(t), r.dimensions[t]!]));
    for (const field of USAGE_FIELDS) {
      const cost = r.costs[field];
      if (cost === undefined || r.tokens[field] === 0) continue;
      out.push({
        period_start: start,
        period_end: end,
        provider: r.dimensions.provider ?? "unknown",
        model: r.dimensions.resolved_model,
        token_class: field,
        quantity: r.tokens[field],
        list_cost: cost,
        billed_cost: cost,
        effective_cost: cost,
        ...(tags.length ? { tags: rowTags } : {}),
      });
    }
  }
  return out;
}

/** a tag's key in FOCUS Tags: `tag.plan` → `plan`, but `tag.team` stays itself, never standing in for `team` */
function focusTagKey(dimension: string): string {
  const bare = dimension.replace(/^tag\./, "");
  return bare !== dimension && (DIMENSIONS as readonly string[]).includes(bare) ? dimension : bare;
}

function periodEnd(start: string, every: "day" | "week" | "month"): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (every === "day") d.setUTCDate(d.getUTCDate() + 1);
  else if (every === "week") d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}
