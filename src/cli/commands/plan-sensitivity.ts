import Big from "big.js";
import type { Command } from "commander";
import type { SensitivityBar, SensitivityResult } from "../../planning/index.js";
import { collect, loadCatalog } from "../catalog.js";
import { readPortfolio, withScenario } from "../portfolio-file.js";
import { UsageError } from "../errors.js";
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
    .addHelpText("after", "\nExamples:\n  tokenomics plan sensitivity portfolio.yaml\n  tokenomics plan sensitivity portfolio.json --months 24 --swing 0.1 --json")
    .action(async (file: string, flags: SensitivityFlags) => {
      if (!/^\d+$/.test(flags.months.trim()) || Number(flags.months) < 1 || !Number.isSafeInteger(Number(flags.months))) {
        throw new UsageError(`--months: expected a whole number of at least 1, got "${flags.months}"`);
      }
      const swing = Number(flags.swing);
      if (!/^\d*\.?\d+$/.test(flags.swing.trim()) || !(swing > 0 && swing < 1)) throw new UsageError(`--swing: expected a fraction between 0 and 1, got "${flags.swing}"`);
      const p = await import("../../planning/index.js");
      const portfolio = await readPortfolio(file);
      const catalog = await loadCatalog(flags.catalog);
      const result: SensitivityResult = withScenario(() => p.sensitivity(catalog, portfolio, { months: Number(flags.months), swing, ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}) }));
      print(result, flags.scenario ?? null, formatFrom(flags));
    });
}

/** the result as JSON: decimals as strings */
export function sensitivityJson(result: SensitivityResult, scenario: string | null): unknown {
  return {
    scenario,
    months: result.months,
    swing: result.swing,
    base_usd: result.base.toFixed(),
    bars: result.bars.map((b) => ({ use_case: b.useCase, parameter: b.parameter, low_usd: b.low.toFixed(), high_usd: b.high.toFixed(), spread_usd: b.spread.toFixed() })),
  };
}

function print(result: SensitivityResult, scenario: string | null, format: Format): void {
  if (format === "json") return void process.stdout.write(JSON.stringify(sensitivityJson(result, scenario), null, 2) + "\n");
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
