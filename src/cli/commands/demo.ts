import type { Command } from "commander";
import { demoRange, demoRecords } from "../../demo/generate.js";
import { demoOutcomes } from "../../demo/outcomes.js";
import { ingest } from "../../ingest/pipeline.js";
import type { ImportItem } from "../../ingest/importer.js";
import { collect, loadCatalog } from "../catalog.js";
import { countFlag } from "../../ledger/query.js";
import { UsageError } from "../errors.js";
import { ledgerPath, withLedger } from "../ledger.js";
import { usd } from "../output.js";
import { progress } from "../progress.js";

interface DemoFlags {
  db?: string;
  days: string;
  seed: string;
  scale: string;
  catalog: string[];
  json?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("fill a fresh ledger with a realistic synthetic month, to see reports at once")
    .option("--db <file>", "ledger file (must be empty)")
    .option("--days <n>", "how many days, ending today", "30")
    .option("--seed <n>", "random seed (same seed, same data)", "42")
    .option("--scale <n>", "traffic multiplier (1 ≈ 1,000 calls a day)", "1")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print the summary as JSON")
    .addHelpText("after", "\nExamples:\n  tokenomics demo --db demo.duckdb && tokenomics report --db demo.duckdb --by team")
    .action(async (flags: DemoFlags) => {
      const days = countFlag("--days", flags.days);
      const seed = countFlag("--seed", flags.seed);
      const scale = Number(flags.scale);
      if (days < 1) throw new UsageError("--days: at least 1");
      if (!(scale > 0)) throw new UsageError(`--scale: expected a positive number, got "${flags.scale}"`);
      const catalog = await loadCatalog(flags.catalog);
      const options = { days, seed, scale };
      const bar = progress("generating");
      const summary = await withLedger(flags.db, async (store) => {
        if ((await store.count()) > 0) {
          throw new UsageError(`${ledgerPath(flags.db)} already holds events; give the demo its own --db FILE`);
        }
        function* items(): Generator<ImportItem> {
          for (const record of demoRecords(options)) yield { record };
        }
        const summary = await ingest(items(), store, catalog, { onProgress: (n) => bar.tick(n) });
        // after the calls: resolved tickets, accepted suggestions and conversions of their interactions
        const outcomes = await store.appendOutcomes([...demoOutcomes(options)]);
        return { ...summary, outcomes: outcomes.inserted };
      });
      bar.done();
      const range = demoRange(options);
      if (flags.json) return void process.stdout.write(`${JSON.stringify({ ...summary, ...range, db: ledgerPath(flags.db) }, null, 2)}\n`);
      process.stdout.write(
        `demo ledger ${ledgerPath(flags.db)}: ${summary.inserted.toLocaleString("en-US")} calls from ${range.from.slice(0, 10)} to ${range.to.slice(0, 10)}, ` +
          `${usd(summary.total_usd)} priced, ${summary.unpriced} unpriced, ${summary.outcomes.toLocaleString("en-US")} outcomes\n` +
          `next: tokenomics report${flags.db ? ` --db ${flags.db}` : ""} --by team,feature\n`,
      );
    });
}
