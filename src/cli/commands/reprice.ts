import type { Command } from "commander";
import { priceRecord } from "../../pricing/price-record.js";
import { collect, loadCatalog } from "../catalog.js";
import { dateFlag } from "../../ledger/query.js";
import { withLedger } from "../ledger.js";
import { formatFrom, renderCsv, renderTable, usd, type Column } from "../output.js";
import { progress } from "../progress.js";
import type { RepriceResult } from "../../ledger/store.js";

interface RepriceFlags {
  from?: string;
  db?: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

export function registerReprice(program: Command): void {
  program
    .command("reprice")
    .description("re-price stored events with the current catalog (after a price or contract change) and show what moved")
    .option("--from <date>", "only events from this date on")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--db <file>", "ledger file")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText("after", "\nExamples:\n  tokenomics reprice --catalog contracts.json --from 2026-01-01")
    .action(async (flags: RepriceFlags) => {
      const from = dateFlag("--from", flags.from);
      const catalog = await loadCatalog(flags.catalog);
      const bar = progress("re-pricing");
      const result = await withLedger(
        flags.db,
        (store) =>
          store.reprice(
            from ? { from } : {},
            (e) => priceRecord(catalog, e),
            (n) => bar.tick(n),
          ),
        "read",
      );
      bar.done();
      print(result, formatFrom(flags));
    });
}

type Move = RepriceResult["moves"][number];

function print(r: RepriceResult, format: "table" | "json" | "csv"): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  const columns: Column<Move>[] = [
    { header: "model", value: (m) => m.model },
    { header: "events", value: (m) => m.events, align: "right" },
    { header: "before_usd", value: (m) => (format === "csv" ? m.before_usd : usd(m.before_usd)), align: "right" },
    { header: "after_usd", value: (m) => (format === "csv" ? m.after_usd : usd(m.after_usd)), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(r.moves, columns));
  process.stdout.write(
    `re-priced ${r.events.toLocaleString("en-US")} events: ${r.changed.toLocaleString("en-US")} changed` +
      `, ${r.newly_priced} newly priced, ${r.newly_unpriced} newly unpriced\n` +
      `total ${usd(r.before_usd)} → ${usd(r.after_usd)}\n`,
  );
  if (r.moves.length) process.stdout.write(`\n${renderTable(r.moves, columns)}`);
}
