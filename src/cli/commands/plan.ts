import type { Command } from "commander";
import type { PlanResult } from "../../planning/index.js";
import { planJson } from "../../planning/reports/plan-json.js";
import { collect, loadCatalog } from "../catalog.js";
import { readPortfolio, withScenario } from "../portfolio-file.js";
import { UsageError } from "../errors.js";
import { formatFrom, renderCsv, renderTable, usd, type Column } from "../output.js";
import { registerPlanCommit } from "./plan-commit.js";
import { registerPlanFit } from "./plan-fit.js";
import { registerPlanMargins } from "./plan-margins.js";
import { registerPlanPricing } from "./plan-pricing.js";
import { registerPlanSensitivity } from "./plan-sensitivity.js";

interface PlanFlags {
  months: string;
  scenario?: string;
  seed: string;
  runs: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

export function registerPlan(program: Command): void {
  const plan = program.command("plan").description("forecast spend from a portfolio of use cases");
  registerPlanCommit(plan);
  registerPlanFit(plan);
  registerPlanMargins(plan);
  registerPlanPricing(plan);
  registerPlanSensitivity(plan);
  plan
    .command("run <file>")
    .description("expected spend and P10 / P50 / P90 per month from a portfolio file (JSON, or YAML for .yaml / .yml)")
    .option("--months <n>", "months to forecast from the file's start", "12")
    .option("--scenario <name>", "apply one of the file's scenarios")
    .option("--seed <n>", "Monte Carlo seed", "1")
    .option("--runs <n>", "Monte Carlo paths", "2000")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText("after", "\nExamples:\n  tokenomics plan run portfolio.json\n  tokenomics plan run portfolio.json --scenario peak --months 24 --json")
    .action(async (file: string, flags: PlanFlags) => {
      const months = positive("--months", flags.months);
      const runs = positive("--runs", flags.runs);
      const seed = whole("--seed", flags.seed);
      const { runPlan } = await import("../../planning/index.js");
      const portfolio = await readPortfolio(file);
      const catalog = await loadCatalog(flags.catalog);
      const result: PlanResult = withScenario(() =>
        runPlan(catalog, portfolio, { months, runs, seed, ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}) }),
      );
      print(result, formatFrom(flags));
    });
}

function positive(flag: string, value: string): number {
  const n = whole(flag, value);
  if (n === 0) throw new UsageError(`${flag}: expected at least 1, got "${value}"`);
  return n;
}

function whole(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${flag}: expected a whole number, got "${value}"`);
  return Number(value);
}

function print(result: PlanResult, format: "table" | "json" | "csv"): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(planJson(result), null, 2)}\n`);
  type Row = PlanResult["months"][number];
  const money = (v: { toFixed(dp?: number): string }) => (format === "csv" ? v.toFixed() : usd(v.toFixed(2)));
  const columns: Column<Row>[] = [
    { header: "month", value: (m) => m.month },
    { header: "expected", value: (m) => money(m.expected), align: "right" },
    { header: "P10", value: (m) => money(m.p10), align: "right" },
    { header: "P50", value: (m) => money(m.p50), align: "right" },
    { header: "P90", value: (m) => money(m.p90), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(result.months, columns));
  process.stdout.write(renderTable(result.months, columns));
  const lines: string[] = [];
  for (const { useCase, months } of result.useCases) {
    const first = months[0]!;
    const unpriced = months.filter((m) => !m.cost.priced);
    const cost = first.cost.priced ? `${first.cost.resolved_model}, $${first.cost.total.toFixed()} per request` : `unpriced: ${first.cost.reason}`;
    // a routing mix: each model's share of the requests, as the first month splits them
    const mix = first.routes.length > 1 ? ` (${first.routes.map((r) => `${r.share.times(100).toFixed()}% ${r.model}`).join(", ")})` : "";
    lines.push(
      `  ${useCase.name}: ${useCase.model}${mix} → ${cost}${unpriced.length > 0 && first.cost.priced ? ` (unpriced in ${unpriced.length} months, left out)` : ""}`,
    );
  }
  process.stdout.write(`\nuse cases${result.scenario ? ` (scenario ${result.scenario})` : ""}:\n${lines.join("\n")}\n`);
  if (result.months.some((m) => !m.p10.eq(m.p90))) process.stdout.write(`P10–P90 from ${result.runs} Monte Carlo paths, seed ${result.seed}\n`);
}
