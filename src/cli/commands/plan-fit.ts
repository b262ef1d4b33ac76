import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { BacktestReport, BacktestResult } from "../../planning/index.js";
import { collect, loadCatalog } from "../catalog.js";
import { UsageError } from "../errors.js";
import { dateFlag, dimensionFlag, filterFrom } from "../../ledger/query.js";
import { withLedger } from "../ledger.js";
import { planInput } from "../plan-input.js";
import { formatFrom, renderCsv, renderTable, usd, type Column } from "../output.js";

interface FitFlags {
  db?: string;
  server?: string;
  by: string;
  from?: string;
  to?: string;
  out?: string;
  where: string[];
  catalog: string[];
}

interface BacktestFlags {
  db?: string;
  server?: string;
  by: string;
  fitDays: string;
  testDays: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

/** `plan fit` and `plan backtest`, under the `plan` command */
export function registerPlanFit(plan: Command): void {
  plan
    .command("fit")
    .description("write a portfolio file (JSON) fitted from the ledger: one use case per feature (or --by dimension)")
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .option("--by <dimension>", "one use case per value of this dimension", "feature")
    .option("--from <date>", "fit from this day (inclusive; default the first event's)")
    .option("--to <date>", "fit up to this day (exclusive; default the day after the last event's)")
    .option("--where <key=value>", "fit only the events where key is value, e.g. team=search (values comma-separated; repeatable)", collect, [])
    .option("--out <file>", "write the portfolio here instead of stdout")
    .option("--catalog <file>", "extra catalog file, to tell batch-priced use cases (repeatable)", collect, [])
    .addHelpText(
      "after",
      "\nExamples:\n  tokenomics plan fit --db demo.duckdb --out portfolio.json && tokenomics plan run portfolio.json\n  tokenomics plan fit --where team=search --by feature",
    )
    .action(async (flags: FitFlags) => {
      const by = dimensionFlag("--by", flags.by);
      const from = dateFlag("--from", flags.from);
      const to = dateFlag("--to", flags.to);
      const { where } = filterFrom({ where: flags.where });
      const catalog = await loadCatalog(flags.catalog);
      const { fitFromLedger } = await import("../../ledger/planning-queries.js");
      const fitted = await withLedger(flags, (store) => fitFromLedger(store, { by, catalog, where, ...(from ? { from } : {}), ...(to ? { to } : {}) }), "read");
      if (fitted === null) throw new UsageError("no events in the ledger for that window: nothing to fit");
      const text = `${JSON.stringify(fitted.portfolio, null, 2)}\n`;
      if (flags.out === undefined) return void process.stdout.write(text);
      writeFileSync(flags.out, text);
      process.stderr.write(
        `wrote ${flags.out}: ${fitted.portfolio.use_cases.length} use cases from ${fitted.input.from} to ${fitted.input.to}, starting ${fitted.portfolio.start}\n`,
      );
    });

  plan
    .command("backtest")
    .description("fit on the ledger's first --fit-days, predict the next --test-days, and compare with what happened")
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .option("--by <dimension>", "one use case per value of this dimension", "feature")
    .option("--fit-days <n>", "days fitted on, from the first event's day", "60")
    .option("--test-days <n>", "days predicted right after them", "30")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText("after", "\nExamples:\n  tokenomics demo --days 90 --db demo.duckdb && tokenomics plan backtest --db demo.duckdb")
    .action(async (flags: BacktestFlags) => {
      const by = dimensionFlag("--by", flags.by);
      const p = await import("../../planning/index.js");
      const { fitDays, testDays } = planInput(() => p.backtestDays({ fit_days: flags.fitDays, test_days: flags.testDays }, p.flagName));
      const catalog = await loadCatalog(flags.catalog);
      const { backtestReport } = await import("../../ledger/planning-queries.js");
      const backtest = await withLedger(flags, (store) => backtestReport(store, catalog, { by, fitDays, testDays }), "read");
      if (backtest === null) throw new UsageError("no events in the ledger's fit window: nothing to back-test");
      print(backtest.result, backtest.report, formatFrom(flags));
    });
}

const pct = (x: number | null): string => (x === null ? "—" : `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`);

function print(r: BacktestResult, report: BacktestReport, format: "table" | "json" | "csv"): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  type Row = BacktestResult["useCases"][number];
  const money = (v: { toFixed(dp?: number): string } | null) =>
    v === null ? (format === "csv" ? "" : "unpriced") : format === "csv" ? v.toFixed() : usd(v.toFixed(2));
  const columns: Column<Row>[] = [
    { header: "use case", value: (u) => u.name },
    { header: "model", value: (u) => u.model },
    { header: "predicted", value: (u) => money(u.predicted), align: "right" },
    { header: "actual", value: (u) => money(u.actual), align: "right" },
    { header: "error", value: (u) => (format === "csv" ? String(u.error_pct ?? "") : pct(u.error_pct)), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(r.useCases, columns));
  process.stdout.write(`fit ${r.fit.from} to ${r.fit.to} (exclusive), predicted ${r.test.from} to ${r.test.to}\n\n`);
  process.stdout.write(renderTable(r.useCases, columns));
  process.stdout.write(
    `\ntotal: predicted ${money(r.predicted)}, actual ${money(r.actual)}, error ${pct(r.error_pct)}; MAPE over use cases ${r.mape_pct === null ? "—" : `${r.mape_pct.toFixed(1)}%`}\n`,
  );
}
