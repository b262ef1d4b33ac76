import type { Command } from "commander";
import { dimensionFlag, filterFrom, type FilterFlags } from "../../ledger/query.js";
import { savingsReport } from "../../ledger/reports/savings.js";
import type { Opportunity, SavingsReport } from "../../optimize/savings.js";
import { collect, loadCatalog } from "../catalog.js";
import { UsageError } from "../errors.js";
import { withLedger } from "../ledger.js";
import { formatFrom, renderCsv, renderTable, usd, type Column } from "../output.js";

interface SavingsFlags extends FilterFlags {
  by: string;
  minUsd?: string;
  db?: string;
  server?: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

export function registerSavings(program: Command): void {
  program
    .command("savings")
    .description("rank what each change would have saved on the recorded traffic, in USD per month")
    .option("--by <dimensions>", "the slices to look at, comma-separated (default: feature)", "feature")
    .option("--from <date>", "from this date or time (inclusive)")
    .option("--to <date>", "to this date or time (exclusive)")
    .option("--period <period>", "a year, month or day: 2026, 2026-10, 2026-10-05")
    .option("--where <key=value>", "only events where key is value (values comma-separated; repeatable)", collect, [])
    .option("--min-usd <usd>", "only opportunities saving at least this much per month")
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      `
Examples:
  tokenomics savings --period 2026-11
  tokenomics savings --by team,feature --min-usd 50 --json`,
    )
    .action(async (flags: SavingsFlags) => {
      const by = flags.by
        .split(",")
        .filter((s) => s.trim() !== "")
        .map((d) => dimensionFlag("--by", d));
      if (by.length === 0) throw new UsageError("--by: name at least one dimension (feature, team, …)");
      if (flags.minUsd !== undefined && !/^\d+(\.\d+)?$/.test(flags.minUsd.trim())) {
        throw new UsageError(`--min-usd: expected an amount in USD such as 50 or 0.5, got "${flags.minUsd}"`);
      }
      const filter = filterFrom(flags);
      const catalog = await loadCatalog(flags.catalog);
      const report = await withLedger(
        flags,
        (store) => savingsReport(store, catalog, { filter, flags, by, ...(flags.minUsd !== undefined ? { minUsdPerMonth: flags.minUsd.trim() } : {}) }),
        "read",
      );
      print(report, formatFrom(flags));
    });
}

function print(report: SavingsReport, format: "table" | "json" | "csv"): void {
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const money = (v: string) => (format === "csv" ? v : usd(v));
  const columns: Column<Opportunity>[] = [
    { header: "kind", value: (o) => o.kind },
    {
      header: "scope",
      value: (o) =>
        Object.entries(o.scope)
          .map(([k, v]) => `${k}=${v}`)
          .join(" "),
    },
    { header: "events", value: (o) => o.events, align: "right" },
    { header: "actual_usd", value: (o) => money(o.actual_usd), align: "right" },
    { header: "saving_usd", value: (o) => money(o.saving_usd), align: "right" },
    { header: "saving_usd_per_month", value: (o) => money(o.saving_usd_per_month), align: "right" },
    ...(format === "csv" ? [{ header: "assumptions", value: (o: Opportunity) => o.assumptions.join("; ") }] : []),
    { header: "whatif", value: (o) => o.whatif },
  ];
  if (format === "csv") {
    process.stdout.write(renderCsv(report.opportunities, columns));
    return;
  }
  if (report.opportunities.length === 0) {
    process.stdout.write(`no savings found in ${report.events.toLocaleString("en-US")} events over ${report.days} days\n`);
    return;
  }
  process.stdout.write(renderTable(report.opportunities, columns));
  process.stdout.write(
    `\n${usd(report.total_saving_usd_per_month)} per month in all, over ${report.events.toLocaleString("en-US")} events in ${report.days} days` +
      `${report.unpriced_events > 0 ? ` (${report.unpriced_events.toLocaleString("en-US")} unpriced events left out)` : ""}; --json shows each one's assumptions\n`,
  );
}
