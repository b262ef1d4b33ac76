import type Big from "big.js";
import type { Command } from "commander";
import type { BreakEven, PricingReport, PricingResult } from "../../planning/index.js";
import { filterFrom } from "../../ledger/query.js";
import { withLedger } from "../ledger.js";
import { planInput } from "../plan-input.js";
import { formatFrom, renderCsv, renderTable, usd, type Column, type Format } from "../output.js";

interface PricingFlags {
  fee?: string;
  allowance?: string;
  overage?: string;
  unit: string;
  cap?: string;
  from?: string;
  to?: string;
  period?: string;
  db?: string;
  server?: string;
  json?: boolean;
  csv?: boolean;
}

/** `plan pricing`: a fee + allowance + overage + cap plan simulated on the ledger's customer-months */
export function registerPlanPricing(plan: Command): void {
  plan
    .command("pricing")
    .description("simulate a pricing plan (fee, allowance, overage, cap) on the ledger's per-customer monthly usage")
    .requiredOption("--fee <usd>", "monthly fee per customer")
    .requiredOption("--allowance <n>", "included per month: tokens, or USD of provider cost with --unit usd")
    .requiredOption("--overage <usd>", "USD per 1M tokens over the allowance, or per USD of credit with --unit usd")
    .option("--unit <unit>", "tokens or usd", "tokens")
    .option("--cap <usd>", "hard cap on the monthly bill")
    .option("--from <date>", "from this date (inclusive)")
    .option("--to <date>", "to this date (exclusive)")
    .option("--period <period>", "a year or month: 2026, 2026-10")
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      "\nExamples:\n  tokenomics plan pricing --fee 20 --allowance 2000000 --overage 5 --cap 200\n  tokenomics plan pricing --fee 20 --allowance 10 --unit usd --overage 1.5 --period 2026-10 --json",
    )
    .action(async (flags: PricingFlags) => {
      const p = await import("../../planning/index.js");
      const plan = planInput(() =>
        p.pricingPlan({ fee: flags.fee, allowance: flags.allowance, overage: flags.overage, unit: flags.unit, cap: flags.cap }, p.flagName),
      );
      const filter = filterFrom({ ...flags, where: [] });
      const { pricingReport } = await import("../../ledger/planning-queries.js");
      const { result, report } = await withLedger(flags, (store) => pricingReport(store, plan, filter), "read");
      print(result, report, formatFrom(flags));
    });
}

const breakEvenText = (b: BreakEven) =>
  b.kind === "at" ? b.allowance.toFixed() : b.kind === "any" ? "any allowance" : "none (the plan loses money even at allowance 0)";

function print(r: PricingResult, report: PricingReport, format: Format): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const money = (v: Big) => (format === "csv" ? v.toFixed() : usd(v.toFixed(2)));
  type Row = PricingResult["rows"][number];
  const columns: Column<Row>[] = [
    { header: "month", value: (x) => x.month },
    { header: "customer", value: (x) => x.customer },
    {
      header: r.plan.unit === "tokens" ? "tokens" : "credits (USD)",
      value: (x) => (format === "csv" || r.plan.unit === "tokens" ? x.usage.toFixed() : usd(x.usage.toFixed(2))),
      align: "right",
    },
    { header: "bill", value: (x) => money(x.bill), align: "right" },
    { header: "token cost", value: (x) => money(x.cost), align: "right" },
    { header: "margin", value: (x) => money(x.margin), align: "right" },
    { header: "capped", value: (x) => (x.capped ? "yes" : "") },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(r.rows, columns));
  if (r.rows.length === 0) process.stdout.write("no priced customer-months in this window\n");
  else process.stdout.write(renderTable(r.rows, columns));
  const m = (v: Big | null) => (v === null ? "n/a" : usd(v.toFixed(2)));
  const share = (x: number) => `${(x * 100).toFixed(1)} %`;
  const out = [
    `\n${r.rows.length} customer-months: revenue ${m(r.revenue)}, token cost ${m(r.cost)}, margin ${m(r.margin)}${r.marginPct ? ` (${r.marginPct.toFixed(1)} %)` : ""}`,
    `margin per customer-month: P10 ${m(r.marginP10)}, P50 ${m(r.marginP50)}, P90 ${m(r.marginP90)}`,
    `at the cap: ${share(r.capShare)}; negative margin: ${share(r.negativeShare)}`,
    `break-even allowance: ${breakEvenText(r.breakEven)}${r.breakEven.kind === "at" ? (r.plan.unit === "tokens" ? " tokens" : " USD of credits") : ""}`,
  ];
  if (r.unpriced_events > 0) out.push(`${r.unpriced_events.toLocaleString("en-US")} events are unpriced; ${r.excluded} customer-months with them are left out`);
  if (r.unattributed.gt(0)) out.push(`${usd(r.unattributed.toFixed(2))} of cost carries no customer and is left out`);
  process.stdout.write(`${out.join("\n")}\n`);
}
