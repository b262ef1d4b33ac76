import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { Command } from "commander";
import { expandPaths, runImport } from "../../ingest/pipeline.js";
import { IMPORTERS, importerNamed } from "../../ingest/index.js";
import type { ImportOptions, ImportSummary, Reject } from "../../ingest/importer.js";
import { collect, loadCatalog } from "../catalog.js";
import { countFlag } from "../../ledger/query.js";
import { UsageError } from "../errors.js";
import { ledgerPath, withLedger } from "../ledger.js";
import { usd } from "../output.js";
import { progress } from "../progress.js";

interface ImportFlags {
  db?: string;
  mapping?: string;
  rejects?: string;
  catalog: string[];
  team?: string;
  project?: string;
  feature?: string;
  customer?: string;
  environment?: string;
  json?: boolean;
  batchSize?: string;
  verbose?: boolean;
  native?: boolean;
}

export function registerImport(program: Command): void {
  program
    .command("import <source> [paths...]")
    .description(`import usage into the ledger; sources: ${IMPORTERS.map((i) => i.name).join(", ")}`)
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--mapping <file>", "for csv and jsonl: the column mapping (JSON)")
    .option("--rejects <file>", "where to append rejected lines (default: <ledger>.rejects.jsonl beside the ledger, only if any)")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--team <team>", "team for records that carry none")
    .option("--project <project>", "project for records that carry none")
    .option("--feature <feature>", "feature for records that carry none")
    .option("--customer <customer>", "customer for records that carry none")
    .option("--environment <env>", "environment for records that carry none")
    .option("--batch-size <n>", "events per atomic batch (bigger is faster; default 100000)")
    .option("--no-native", "read every line in JavaScript, even the plain lines the ledger can import natively (much faster)")
    .option("--verbose", "say on stderr each time a batch is safely stored")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      `
Sources:
${IMPORTERS.map((i) => `  ${i.name.padEnd(16)} ${i.description}`).join("\n")}

Examples:
  tokenomics import claude-code
  tokenomics import openai responses.jsonl --team search
  tokenomics import csv usage.csv --mapping mapping.json`,
    )
    .action(async (source: string, paths: string[], flags: ImportFlags) => {
      const importer = importerNamed(source);
      if (!importer) throw new UsageError(`unknown source "${source}"; expected one of ${IMPORTERS.map((i) => i.name).join(", ")}`);
      const roots = paths.length ? paths : (importer.defaultPaths?.() ?? []).filter((p) => existsSync(p));
      if (roots.length === 0)
        throw new UsageError(`give the files to import (${source} has no default location${importer.defaultPaths ? " that exists here" : ""})`);
      for (const p of roots) if (!existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
      const files = expandPaths(importer, roots);
      const options: ImportOptions = {};
      if (flags.mapping) options.mapping = readMapping(flags.mapping);
      else if (source === "csv" || source === "jsonl") throw new UsageError(`${source} needs --mapping FILE (which column is which field)`);
      const defaults = Object.fromEntries(
        (["team", "project", "feature", "customer", "environment"] as const).filter((k) => flags[k]).map((k) => [k, flags[k]!]),
      );
      if (Object.keys(defaults).length) options.defaults = defaults;

      const catalog = await loadCatalog(flags.catalog);
      const rejectsFile = flags.rejects ?? rejectsBeside(ledgerPath(flags.db));
      let rejectsWritten = 0;
      const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
      const bar = progress(`importing ${files.length} file${files.length === 1 ? "" : "s"} (${(bytes / 1e6).toFixed(1)} MB)`);
      const summary = await withLedger(flags.db, (store) =>
        runImport(importer, files, store, catalog, {
          ...options,
          onReject: (r: Reject) => {
            // appended: an earlier run's rejects stay (a re-run after fixing some lines must not lose the others)
            appendFileSync(rejectsFile, `${JSON.stringify(r)}\n`);
            rejectsWritten++;
          },
          onProgress: (n) => bar.tick(n),
          ...(flags.batchSize ? { batchSize: Math.max(1, countFlag("--batch-size", flags.batchSize)) } : {}),
          native: flags.native !== false,
          ...(flags.verbose ? { onStored: (n: number) => process.stderr.write(`stored ${n} events\n`) } : {}),
        }),
      );
      bar.done();
      const shown = rejectsWritten ? displayPath(rejectsFile) : undefined;
      print(summary, flags.json === true, shown);
      if (shown)
        process.stderr.write(
          `${rejectsWritten.toLocaleString("en-US")} rejected line${rejectsWritten === 1 ? "" : "s"} appended to ${shown} (earlier runs' rejects are kept)\n`,
        );
      if (summary.records === 0 && summary.rejected > 0) process.exitCode = 1;
    });
}

/**
 * Rejected lines go next to the ledger they were meant for (`ledger.duckdb` →
 * `ledger.duckdb.rejects.jsonl`), never into whatever directory the user stands in; a ledger
 * without a file (`:memory:`) leaves them in the current directory.
 */
function rejectsBeside(ledger: string): string {
  return ledger === ":memory:" ? "tokenomics-rejects.jsonl" : `${ledger}.rejects.jsonl`;
}

/** a path as a user reads it: relative where it lies under the current directory, else absolute */
function displayPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}

function readMapping(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`--mapping ${file}: ${(e as Error).message}`);
  }
}

function print(s: ImportSummary, json: boolean, rejectsFile: string | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...s, rejects_file: rejectsFile ?? null }, null, 2)}\n`);
    return;
  }
  const n = (x: number) => x.toLocaleString("en-US");
  process.stdout.write(
    `read ${n(s.records)} events from ${n(s.files)} file${s.files === 1 ? "" : "s"}: ${n(s.inserted)} new, ${n(s.duplicates)} duplicate, ` +
      `${n(s.unpriced)} unpriced, ${n(s.rejected)} rejected\n` +
      `cost of the priced events read: ${usd(s.total_usd)}\n` +
      (rejectsFile ? `rejected lines (file, line, reason) are appended to ${rejectsFile}\n` : ""),
  );
}
