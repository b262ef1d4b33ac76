import Big from "big.js";
import type { Command } from "commander";
import { commitMoney as money, commitShare as round, type CommitReport, type SizeCost } from "../../planning/index.js";
import { collect, loadCatalog } from "../catalog.js";
import { planInput } from "../plan-input.js";
import { readPortfolio } from "../portfolio-file.js";
import { formatFrom, renderCsv, renderTable, usd, type Column, type Format } from "../output.js";

interface CommitFlags {
  months: string;
  scenario?: string;
  unitPrice?: string;
  per?: string;
  unitTpm?: string;
  unitTokens?: string;
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
    .option("--unit-tpm <n>", "weighted tokens per minute one unit serves (provisioned throughput)")
    .option("--unit-tokens <n>", "or weighted tokens per month one unit holds (a prepaid token pack)")
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
    .addHelpText(
      "after",
      "\nExamples:\n  tokenomics plan commit portfolio.yaml --unit-price 2448 --per month --unit-tpm 50000 --output-weight 4\n  tokenomics plan commit portfolio.yaml --unit-price 1 --per hour --unit-tpm 2500 --min-units 15 --step 5 --json\n  tokenomics plan commit portfolio.yaml --unit-price 180 --per month --unit-tokens 100000000 --output-weight 4",
    )
    .action(async (file: string, flags: CommitFlags) => {
      const p = await import("../../planning/index.js");
      const request = planInput(() =>
        p.commitRequest(
          {
            months: flags.months,
            runs: flags.runs,
            seed: flags.seed,
            scenario: flags.scenario,
            use_case: flags.useCase,
            unit_price: flags.unitPrice,
            per: flags.per,
            unit_tpm: flags.unitTpm,
            unit_tokens: flags.unitTokens,
            output_weight: flags.outputWeight,
            cached_free: flags.cachedFree ?? false,
            min_units: flags.minUnits,
            step: flags.step,
          },
          p.flagName,
        ),
      );
      const portfolio = await readPortfolio(file);
      const catalog = await loadCatalog(flags.catalog);
      const { report, curve } = planInput(() => p.commitReport(catalog, portfolio, request, { file, name: p.flagName }));
      print(report, curve, formatFrom(flags));
    });
}

function print(report: CommitReport, curve: SizeCost[], format: Format): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const columns: Column<SizeCost>[] = [
    { header: "units", value: (s) => s.units, align: "right" },
    { header: "commitment", value: (s) => (format === "csv" ? money(s.commitment) : usd(s.commitment.toFixed(2))), align: "right" },
    { header: "E[spill-over]", value: (s) => (format === "csv" ? money(s.expectedSpill) : usd(s.expectedSpill.toFixed(2))), align: "right" },
    { header: "E[total]", value: (s) => (format === "csv" ? money(s.expectedTotal) : usd(s.expectedTotal.toFixed(2))), align: "right" },
    {
      header: "E[utilisation]",
      value: (s) => (s.expectedUtilisation === null ? "" : format === "csv" ? round(s.expectedUtilisation) : `${(s.expectedUtilisation * 100).toFixed(1)}%`),
      align: "right",
    },
    { header: "P(demand > capacity)", value: (s) => (format === "csv" ? round(s.pExceed) : `${(s.pExceed * 100).toFixed(1)}%`), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(curve, columns));
  const rec = report.recommended;
  const pct = (s: unknown) => `${(Number(s) * 100).toFixed(1)}%`;
  const lines = [
    `recommended: ${rec.units} units — expected ${usd(new Big(rec.expected_total_usd).toFixed(2))} over ${String(report.months)} months against ${usd(new Big(report.payg_only_usd).toFixed(2))} pay-as-you-go only (saves ${usd(new Big(report.savings_usd).toFixed(2))})`,
    `  commitment ${usd(new Big(rec.commitment_usd).toFixed(2))}, expected spill-over ${usd(new Big(rec.expected_spill_usd).toFixed(2))}${rec.expected_utilisation === null ? "" : `, expected utilisation ${pct(rec.expected_utilisation)}`}`,
    `price per weighted token: commitment r = $${String(report.commit_usd_per_token)}, pay-as-you-go p = $${new Big(report.payg_usd_per_token).toPrecision(6)}`,
    `break-even utilisation u* = r / p = ${pct(report.break_even_utilisation)}; newsvendor: P(demand > capacity) ≤ r / p from ${String(report.fractile_units)} units`,
    ...(rec.effective_usd_per_used_token === null
      ? []
      : [
          `at utilisation ${pct(rec.expected_utilisation)}: price per used token r / u = $${new Big(rec.effective_usd_per_used_token).toPrecision(6)} (rule of thumb r·(2 − u) = $${new Big(rec.rule_of_thumb_usd_per_used_token!).toPrecision(6)})`,
        ]),
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n${renderTable(curve, columns)}`);
}
