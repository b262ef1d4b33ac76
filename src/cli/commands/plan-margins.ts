import { readFileSync } from "node:fs";
import Big from "big.js";
import type { Command } from "commander";
import type { MarginRow, MarginsReport, MarginsResult, RevenueRow } from "../../planning/index.js";
import { UsageError } from "../errors.js";
import { filterFrom } from "../../ledger/query.js";
import { withLedger } from "../ledger.js";
import { formatFrom, renderCsv, renderTable, usd, type Column, type Format } from "../output.js";

interface MarginsFlags {
  revenue?: string;
  from?: string;
  to?: string;
  period?: string;
  by: string;
  db?: string;
  server?: string;
  json?: boolean;
  csv?: boolean;
}

/** `plan margins`: revenue per customer against what its tokens cost */
export function registerPlanMargins(plan: Command): void {
  plan
    .command("margins")
    .description("gross margin per customer (or plan): revenue from a CSV against the ledger's token cost")
    .requiredOption("--revenue <file>", "CSV with month (YYYY-MM), customer, revenue_usd and optionally plan")
    .option("--from <date>", "from this date (inclusive)")
    .option("--to <date>", "to this date (exclusive)")
    .option("--period <period>", "a year or month: 2026, 2026-10")
    .option("--by <group>", "customer or plan", "customer")
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      "\nExamples:\n  tokenomics plan margins --revenue revenue.csv --period 2026-10\n  tokenomics plan margins --revenue revenue.csv --by plan --json",
    )
    .action(async (flags: MarginsFlags) => {
      if (flags.by !== "customer" && flags.by !== "plan") throw new UsageError(`--by: expected customer or plan, got "${flags.by}"`);
      const by = flags.by;
      const filter = filterFrom({ ...flags, where: [] });
      const p = await import("../../planning/index.js");
      const file = flags.revenue!;
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new UsageError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      let revenue: RevenueRow[];
      try {
        revenue = p.parseRevenueCsv(text, file);
      } catch (e) {
        if (e instanceof p.RevenueCsvError) throw new UsageError(e.message);
        throw e;
      }
      const { marginsReport } = await import("../../ledger/planning-queries.js");
      const { result, report } = await withLedger(flags, (store) => marginsReport(store, revenue, { filter, by }), "read");
      print(result, report, formatFrom(flags));
    });
}

function print(result: MarginsResult, report: MarginsReport, format: Format): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const money = (v: Big) => (format === "csv" ? v.toFixed() : usd(v.toFixed(2)));
  const percent = (v: Big | null) => (v === null ? (format === "csv" ? "" : "n/a") : format === "csv" ? v.toFixed() : `${v.toFixed(1)} %`);
  const columns: Column<MarginRow>[] = [
    { header: result.by, value: (r) => r.key },
    { header: "revenue", value: (r) => money(r.revenue), align: "right" },
    { header: "token cost", value: (r) => money(r.cost), align: "right" },
    { header: "margin", value: (r) => money(r.margin), align: "right" },
    { header: "margin %", value: (r) => percent(r.marginPct), align: "right" },
    { header: "flags", value: (r) => r.flags.join("; ") },
  ];
  if (format === "table" && report.cost_per_success !== undefined) {
    // a success often costs a fraction of a cent: a millionth of a USD shows it
    const perSuccess = (r: MarginRow) =>
      r.successes === undefined ? "" : r.costPerSuccess ? usd(r.costPerSuccess.round(6, Big.roundHalfEven).toFixed(6)) : "n/a";
    columns.splice(5, 0, { header: "cost / success", value: perSuccess, align: "right" });
  }
  if (format === "csv") return void process.stdout.write(renderCsv(result.rows, columns));
  if (result.rows.length === 0) return void process.stdout.write("no revenue rows and no customer cost in this window\n");
  process.stdout.write(renderTable(result.rows, columns));
  const t = result.totals;
  process.stdout.write(
    `\ntotal: revenue ${usd(t.revenue.toFixed(2))}, token cost ${usd(t.cost.toFixed(2))}, margin ${usd(t.margin.toFixed(2))}${t.marginPct ? ` (${t.marginPct.toFixed(1)} %)` : ""}\n`,
  );
  if (result.unprofitable.length > 0) process.stdout.write(`tokens cost more than they pay: ${result.unprofitable.join(", ")}\n`);
  if (result.unpriced_events > 0) process.stdout.write(`${result.unpriced_events.toLocaleString("en-US")} events are unpriced and not in the cost\n`);
  if (result.unattributed.gt(0)) process.stdout.write(`${usd(result.unattributed.toFixed(2))} of cost carries no customer and is left out\n`);
  if (report.cost_per_success !== undefined)
    process.stdout.write("cost / success = the customer's token cost / its successful outcomes (tokenomics outcomes report for each kind)\n");
}
