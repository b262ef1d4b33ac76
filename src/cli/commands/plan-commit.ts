import Big from "big.js";
import type { Command } from "commander";
import type { CommitmentProduct, SizeCost } from "../../planning/index.js";
import { collect, loadCatalog } from "../catalog.js";
import { readPortfolio, withScenario } from "../portfolio-file.js";
import { UsageError } from "../errors.js";
import { formatFrom, renderCsv, renderTable, usd, type Column, type Format } from "../output.js";

interface CommitFlags {
  months: string;
  scenario?: string;
  unitPrice?: string;
  per?: string;
  unitTpm?: string;
  outputWeight: string;
  cachedFree?: boolean;
  minUnits: string;
  step: string;
  useCase?: string;
  seed: string;
  runs: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

/** `plan commit`: the newsvendor size of a commitment against a portfolio's demand */
export function registerPlanCommit(plan: Command): void {
  plan
    .command("commit <file>")
    .description("size a commitment (token pack, PTU, model units) against a portfolio's forecast demand")
    .option("--months <n>", "months to forecast from the file's start", "12")
    .option("--scenario <name>", "apply one of the file's scenarios")
    .option("--unit-price <usd>", "price of one unit, per --per")
    .option("--per <period>", "the unit price is per month or per hour")
    .option("--unit-tpm <n>", "weighted tokens per minute one unit serves")
    .option("--output-weight <w>", "one output token counts as w input tokens", "1")
    .option("--cached-free", "cached input tokens count zero against capacity")
    .option("--min-units <n>", "smallest size one can buy", "1")
    .option("--step <n>", "sizes above the minimum go up by this many units", "1")
    .option("--use-case <name>", "size for one use case only")
    .option("--seed <n>", "Monte Carlo seed", "1")
    .option("--runs <n>", "Monte Carlo paths", "2000")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print the cost curve as CSV")
    .addHelpText("after", "\nExamples:\n  tokenomics plan commit portfolio.yaml --unit-price 2448 --per month --unit-tpm 50000 --output-weight 4\n  tokenomics plan commit portfolio.yaml --unit-price 1 --per hour --unit-tpm 2500 --min-units 15 --step 5 --json")
    .action(async (file: string, flags: CommitFlags) => {
      const months = whole("--months", flags.months, 1);
      const runs = whole("--runs", flags.runs, 1);
      const seed = whole("--seed", flags.seed, 0);
      const product = productFrom(flags);
      const p = await import("../../planning/index.js");
      const portfolio = await readPortfolio(file);
      const catalog = await loadCatalog(flags.catalog);
      const plan = withScenario(() => p.runPlan(catalog, portfolio, { months, runs, seed, ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}) }));
      if (flags.useCase !== undefined && !portfolio.use_cases.some((u) => u.name === flags.useCase)) {
        throw new UsageError(`--use-case: unknown use case "${flags.useCase}" (known: ${portfolio.use_cases.map((u) => u.name).join(", ")})`);
      }
      const demand = p.weightedDemand(plan, product, flags.useCase);
      if (demand.payg === null) throw new UsageError(`${file}: no priced demand${flags.useCase ? ` for use case "${flags.useCase}"` : ""} to size a commitment against`);
      const sample = new p.DemandSample(demand.samples.flat());
      const result = p.newsvendor(product, sample, demand.payg, months);
      const curve = p.costCurve(product, sample, demand.payg, months, result, 25);
      const r = p.commitmentRate(product);
      const u = result.best.expectedUtilisation;
      const eff = u === null ? null : p.effectivePrice(r, u);
      const report = {
        file,
        scenario: plan.scenario,
        months,
        seed: plan.seed,
        runs: plan.runs,
        use_cases: demand.useCases,
        unit_cost_per_month_usd: p.unitCostPerMonth(product).toFixed(),
        unit_capacity_tokens_per_month: p.unitCapacity(product).toFixed(),
        commit_usd_per_token: r.toFixed(),
        payg_usd_per_token: demand.payg.toFixed(),
        break_even_utilisation: p.breakEvenUtilisation(r, demand.payg).toFixed(),
        critical_fractile: result.criticalFractile.toFixed(),
        fractile_units: result.fractileUnits,
        expected_tokens_per_month: demand.expected.map((t) => t.round(0).toFixed()),
        recommended: {
          ...row(result.best),
          effective_usd_per_used_token: eff?.exact?.toFixed() ?? null,
          rule_of_thumb_usd_per_used_token: eff?.ruleOfThumb.toFixed() ?? null,
        },
        payg_only_usd: money(result.paygOnly.expectedTotal),
        savings_usd: money(result.paygOnly.expectedTotal.minus(result.best.expectedTotal)),
        curve: curve.map(row),
      };
      print(report, curve, formatFrom(flags));
    });
}

function row(s: SizeCost) {
  return {
    units: s.units,
    capacity_tokens_per_month: s.capacity.toFixed(),
    commitment_usd: money(s.commitment),
    expected_spill_usd: money(s.expectedSpill),
    expected_total_usd: money(s.expectedTotal),
    expected_utilisation: s.expectedUtilisation === null ? null : round(s.expectedUtilisation),
    p_exceed: round(s.pExceed),
  };
}

/** sampled expectations to 6 decimals; fixed amounts are exact anyway */
const money = (v: Big) => v.round(6).toFixed();
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function productFrom(flags: CommitFlags): CommitmentProduct {
  if (flags.unitPrice === undefined) throw new UsageError("--unit-price: required (USD per unit per --per)");
  if (flags.per === undefined) throw new UsageError("--per: required (month or hour)");
  if (flags.unitTpm === undefined) throw new UsageError("--unit-tpm: required (weighted tokens per minute per unit)");
  if (flags.per !== "month" && flags.per !== "hour") throw new UsageError(`--per: expected month or hour, got "${flags.per}"`);
  const unitPrice = decimal("--unit-price", flags.unitPrice);
  if (unitPrice.lte(0)) throw new UsageError(`--unit-price: expected more than 0, got "${flags.unitPrice}"`);
  const unitTpm = Number(decimal("--unit-tpm", flags.unitTpm));
  if (unitTpm <= 0) throw new UsageError(`--unit-tpm: expected more than 0, got "${flags.unitTpm}"`);
  const outputWeight = Number(decimal("--output-weight", flags.outputWeight));
  return { unitPrice, per: flags.per, unitTpm, outputWeight, cachedFree: flags.cachedFree ?? false, minUnits: whole("--min-units", flags.minUnits, 1), step: whole("--step", flags.step, 1) };
}

function decimal(flag: string, value: string): Big {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new UsageError(`${flag}: expected a non-negative decimal number, got "${value}"`);
  return new Big(value.trim());
}

function whole(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${flag}: expected a whole number, got "${value}"`);
  if (Number(value) < min) throw new UsageError(`${flag}: expected at least ${min}, got "${value}"`);
  return Number(value);
}

type Report = { recommended: ReturnType<typeof row> & { effective_usd_per_used_token: string | null; rule_of_thumb_usd_per_used_token: string | null } } & Record<string, unknown>;

function print(report: Report, curve: SizeCost[], format: Format): void {
  if (format === "json") return void process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  const columns: Column<SizeCost>[] = [
    { header: "units", value: (s) => s.units, align: "right" },
    { header: "commitment", value: (s) => (format === "csv" ? money(s.commitment) : usd(s.commitment.toFixed(2))), align: "right" },
    { header: "E[spill-over]", value: (s) => (format === "csv" ? money(s.expectedSpill) : usd(s.expectedSpill.toFixed(2))), align: "right" },
    { header: "E[total]", value: (s) => (format === "csv" ? money(s.expectedTotal) : usd(s.expectedTotal.toFixed(2))), align: "right" },
    { header: "E[utilisation]", value: (s) => (s.expectedUtilisation === null ? "" : format === "csv" ? round(s.expectedUtilisation) : `${(s.expectedUtilisation * 100).toFixed(1)}%`), align: "right" },
    { header: "P(demand > capacity)", value: (s) => (format === "csv" ? round(s.pExceed) : `${(s.pExceed * 100).toFixed(1)}%`), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(curve, columns));
  const rec = report.recommended;
  const pct = (s: unknown) => `${(Number(s) * 100).toFixed(1)}%`;
  const lines = [
    `recommended: ${rec.units} units — expected ${usd(new Big(rec.expected_total_usd).toFixed(2))} over ${String(report.months)} months against ${usd(new Big(report.payg_only_usd as string).toFixed(2))} pay-as-you-go only (saves ${usd(new Big(report.savings_usd as string).toFixed(2))})`,
    `  commitment ${usd(new Big(rec.commitment_usd).toFixed(2))}, expected spill-over ${usd(new Big(rec.expected_spill_usd).toFixed(2))}${rec.expected_utilisation === null ? "" : `, expected utilisation ${pct(rec.expected_utilisation)}`}`,
    `price per weighted token: commitment r = $${String(report.commit_usd_per_token)}, pay-as-you-go p = $${new Big(report.payg_usd_per_token as string).toPrecision(6)}`,
    `break-even utilisation u* = r / p = ${pct(report.break_even_utilisation)}; newsvendor: P(demand > capacity) ≤ r / p from ${String(report.fractile_units)} units`,
    ...(rec.effective_usd_per_used_token === null
      ? []
      : [`at utilisation ${pct(rec.expected_utilisation)}: price per used token r / u = $${new Big(rec.effective_usd_per_used_token).toPrecision(6)} (rule of thumb r·(2 − u) = $${new Big(rec.rule_of_thumb_usd_per_used_token!).toPrecision(6)})`]),
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n" + renderTable(curve, columns));
}
