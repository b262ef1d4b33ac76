import Big from "big.js";
import type { Command } from "commander";
import type { BreakEven, PricingPlan, PricingResult } from "../../planning/index.js";
import { TOKEN_CLASSES } from "../../usage/usage.js";
import { UsageError } from "../errors.js";
import { filterFrom } from "../filters.js";
import { withLedger } from "../ledger.js";
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
    .addHelpText("after", "\nExamples:\n  tokenomics plan pricing --fee 20 --allowance 2000000 --overage 5 --cap 200\n  tokenomics plan pricing --fee 20 --allowance 10 --unit usd --overage 1.5 --period 2026-10 --json")
    .action(async (flags: PricingFlags) => {
      if (flags.unit !== "tokens" && flags.unit !== "usd") throw new UsageError(`--unit: expected tokens or usd, got "${flags.unit}"`);
      const plan: PricingPlan = {
        fee: decimal("--fee", flags.fee!),
        allowance: decimal("--allowance", flags.allowance!),
        overage: decimal("--overage", flags.overage!),
        unit: flags.unit,
        cap: flags.cap === undefined ? null : decimal("--cap", flags.cap),
      };
      const filter = filterFrom({ ...flags, where: [] });
      const p = await import("../../planning/index.js");
      const result = await withLedger(flags, (store) => store.aggregate({ ...filter, by: ["customer"], every: "month" }), "read");
      const usages = result.rows.map((r) => ({
        month: (r.period ?? "").slice(0, 7),
        customer: r.dimensions.customer ?? null,
        tokens: TOKEN_CLASSES.reduce((s, c) => s + (r.tokens[c] ?? 0), 0),
        cost_usd: r.total_usd,
        unpriced_events: r.unpriced_events,
      }));
      print(p.simulatePricing(plan, usages), formatFrom(flags));
    });
}

/** a non-negative exact decimal, else exit 2 */
function decimal(flag: string, value: string): Big {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new UsageError(`${flag}: expected a non-negative decimal, got "${value}"`);
  return new Big(value.trim());
}

const dec = (v: Big | null) => (v === null ? null : v.toFixed());

const breakEvenText = (b: BreakEven) => (b.kind === "at" ? b.allowance.toFixed() : b.kind === "any" ? "any allowance" : "none (the plan loses money even at allowance 0)");

/** the result as JSON: decimals as strings */
export function pricingJson(r: PricingResult): unknown {
  return {
    plan: { fee_usd: r.plan.fee.toFixed(), allowance: r.plan.allowance.toFixed(), unit: r.plan.unit, overage_usd: r.plan.overage.toFixed(), cap_usd: dec(r.plan.cap) },
    customer_months: r.rows.length,
    revenue_usd: r.revenue.toFixed(),
    cost_usd: r.cost.toFixed(),
    margin_usd: r.margin.toFixed(),
    margin_pct: dec(r.marginPct),
    margin_p10_usd: dec(r.marginP10),
    margin_p50_usd: dec(r.marginP50),
    margin_p90_usd: dec(r.marginP90),
    cap_share: r.capShare,
    negative_margin_share: r.negativeShare,
    break_even: r.breakEven.kind,
    break_even_allowance: r.breakEven.kind === "at" ? r.breakEven.allowance.toFixed() : null,
    rows: r.rows.map((x) => ({ month: x.month, customer: x.customer, usage: x.usage.toFixed(), bill_usd: x.bill.toFixed(), cost_usd: x.cost.toFixed(), margin_usd: x.margin.toFixed(), capped: x.capped })),
    excluded_customer_months: r.excluded,
    unpriced_events: r.unpriced_events,
    unattributed_cost_usd: r.unattributed.toFixed(),
  };
}

function print(r: PricingResult, format: Format): void {
  if (format === "json") return void process.stdout.write(JSON.stringify(pricingJson(r), null, 2) + "\n");
  const money = (v: Big) => (format === "csv" ? v.toFixed() : usd(v.toFixed(2)));
  type Row = PricingResult["rows"][number];
  const columns: Column<Row>[] = [
    { header: "month", value: (x) => x.month },
    { header: "customer", value: (x) => x.customer },
    { header: r.plan.unit === "tokens" ? "tokens" : "credits (USD)", value: (x) => (format === "csv" || r.plan.unit === "tokens" ? x.usage.toFixed() : usd(x.usage.toFixed(2))), align: "right" },
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
  process.stdout.write(out.join("\n") + "\n");
}
