import Big from "big.js";
import type { Command } from "commander";
import type { SensitivityBar, SensitivityReport, SensitivityResult } from "../../planning/index.js";
import { collect, loadCatalog } from "../catalog.js";
import { planInput } from "../plan-input.js";
import { readPortfolio } from "../portfolio-file.js";
import { formatFrom, renderCsv, renderTable, usd, type Column, type Format } from "../output.js";

interface SensitivityFlags {
  months: string;
  swing: string;
  scenario?: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

/** `plan sensitivity`: which parameter moves the horizon's spend most (tornado data) */
export function registerPlanSensitivity(plan: Command): void {
  plan
    .command("sensitivity <file>")
    .description("rank each use case's parameters by how far ± swing moves the horizon's expected spend")
    .option("--months <n>", "months to forecast from the file's start", "12")
    .option("--swing <fraction>", "relative move of each parameter, between 0 and 1", "0.2")
    .option("--scenario <name>", "apply a scenario (the file's, or conservative / expected / peak)")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      "\nExamples:\n  tokenomics plan sensitivity portfolio.yaml\n  tokenomics plan sensitivity portfolio.json --months 24 --swing 0.1 --json",
    )
    .action(async (file: string, flags: SensitivityFlags) => {
      const p = await import("../../planning/index.js");
      const request = planInput(() => p.sensitivityRequest({ months: flags.months, swing: flags.swing, scenario: flags.scenario }, p.flagName));
      const portfolio = await readPortfolio(file);
      const catalog = await loadCatalog(flags.catalog);
      const { result, report } = planInput(() => p.sensitivityReport(catalog, portfolio, request, p.flagName));
      print(result, report, formatFrom(flags));
    });
}

function print(result: SensitivityResult, report: SensitivityReport, format: Format): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const scenario = report.scenario;
  const money = (v: { toFixed(dp?: number): string }) => (format === "csv" ? v.toFixed() : usd(v.toFixed(2)));
  const pct = new Big(String(result.swing)).times(100).toFixed();
  const columns: Column<SensitivityBar>[] = [
    { header: "use case", value: (b) => b.useCase },
    { header: "parameter", value: (b) => b.parameter },
    { header: `−${pct} %`, value: (b) => money(b.low), align: "right" },
    { header: `+${pct} %`, value: (b) => money(b.high), align: "right" },
    { header: "spread", value: (b) => money(b.spread), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(result.bars, columns));
  process.stdout.write(renderTable(result.bars, columns));
  process.stdout.write(`\nbase: ${usd(result.base.toFixed(2))} over ${result.months} months${scenario ? ` (scenario ${scenario})` : ""}\n`);
}
