import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import Big from "big.js";
import type { Command } from "commander";
import type { Outcome } from "../../ledger/outcome.js";
import type { OutcomeSummaryRow, Store } from "../../ledger/store.js";
import type { Dimension } from "../../usage/event.js";
import { UsageError } from "../errors.js";
import { dimensionFlag, filterFrom } from "../../ledger/query.js";
import { openLedger, serverLedger, serverUrl, withLedger, type LedgerFlags } from "../ledger.js";
import { formatFrom, renderCsv, renderTable, usd, type Column } from "../output.js";
import { readOutcomes, type OutcomeReject } from "./outcomes-file.js";

const DB_HELP = "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)";
const SERVER_HELP = "go through a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)";

/** `tokenomics outcomes import | report`: what interactions achieved, and what each success cost */
export function registerOutcomes(program: Command): void {
  const outcomes = program
    .command("outcomes")
    .description("record what interactions achieved (resolved tickets, conversions…) and report cost per successful outcome");

  outcomes
    .command("import <files...>")
    .description("record outcomes from CSV (header: id,trace_id,kind,at,success,value_usd) or JSON lines with the same fields")
    .option("--db <file>", DB_HELP)
    .option("--server <url>", SERVER_HELP)
    .option("--rejects <file>", "where to write rejected lines (default: tokenomics-rejects.jsonl, only if any)")
    .option("--json", "print the summary as JSON")
    .addHelpText("after", "\nExamples:\n  tokenomics outcomes import outcomes.csv\n  tokenomics outcomes import outcomes.jsonl --server http://127.0.0.1:8787")
    .action(async (files: string[], flags: { db?: string; server?: string; rejects?: string; json?: boolean }) => {
      const read: Outcome[] = [];
      const rejects: OutcomeReject[] = [];
      for (const file of files) {
        if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
        const r = readOutcomes(readFileSync(file, "utf8"), file);
        read.push(...r.outcomes);
        rejects.push(...r.rejects);
      }
      const rejectsFile = flags.rejects ?? "tokenomics-rejects.jsonl";
      if (rejects.length > 0) writeFileSync(rejectsFile, "");
      for (const r of rejects) appendFileSync(rejectsFile, `${JSON.stringify(r)}\n`);
      const { stored, unmatched } = await withWriter(flags, async (store) => ({
        stored: await store.appendOutcomes(read),
        unmatched: await unmatchedTraces(store, read),
      }));
      const summary = { read: read.length, ...stored, rejected: rejects.length, rejects_file: rejects.length > 0 ? rejectsFile : null, unmatched };
      if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        process.stdout.write(`read ${read.length} outcomes: ${stored.inserted} new, ${stored.duplicates} duplicate, ${rejects.length} rejected\n`);
        if (rejects.length > 0) process.stdout.write(`rejected lines (file, line, field, reason) are in ${rejectsFile}\n`);
        // the usual integration mistake is a trace id the calls do not carry: say so at once
        if (unmatched > 0)
          process.stdout.write(`${unmatched} outcomes name a trace_id no call in the ledger carries (yet): they count once its calls arrive\n`);
      }
      // the first few on stderr, so a mistake is seen without opening the rejects file
      for (const r of rejects.slice(0, 5)) process.stderr.write(`${r.file}:${r.line}: ${r.reason}\n`);
      if (rejects.length > 5) process.stderr.write(`… and ${rejects.length - 5} more in ${rejectsFile}\n`);
      // as `import` does: some good lines are a partial success; none at all is a failure
      if (read.length === 0 && rejects.length > 0) throw new UsageError(`no outcome imported: all ${rejects.length} lines were rejected (see ${rejectsFile})`);
    });

  outcomes
    .command("report")
    .description("per group and kind: outcomes, successes, success rate, the interactions' token cost and cost per successful outcome")
    .option("--by <dimensions>", "group interactions by their first call's dimensions (comma-separated)", "feature")
    .option("--from <date>", "calls from this date (inclusive)")
    .option("--to <date>", "calls to this date (exclusive)")
    .option("--period <period>", "a year, month or day: 2026, 2026-10, 2026-10-05")
    .option("--where <key=value>", "only calls where a dimension has one of the values (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--db <file>", DB_HELP)
    .option("--server <url>", SERVER_HELP)
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      "\nCost per successful outcome = the token cost of every interaction in the group (failed and unrecorded ones too) / its successes.\n\nExamples:\n  tokenomics outcomes report --period 2026-10\n  tokenomics outcomes report --by feature,customer --json",
    )
    .action(
      async (flags: {
        by: string;
        from?: string;
        to?: string;
        period?: string;
        where: string[];
        db?: string;
        server?: string;
        json?: boolean;
        csv?: boolean;
      }) => {
        const by = flags.by
          .split(",")
          .filter((s) => s.trim() !== "")
          .map((d) => dimensionFlag("--by", d));
        const filter = filterFrom(flags);
        const rows = await withLedger(flags, (store) => store.outcomeSummary({ ...filter, by }), "read");
        await printReport(rows, by, formatFrom(flags));
      },
    );
}

/** how many outcomes name an interaction the ledger has no call of, asked a thousand trace ids at a time */
async function unmatchedTraces(store: Store, outcomes: readonly Outcome[]): Promise<number> {
  const traces = [...new Set(outcomes.map((o) => o.trace_id))];
  const known = new Set<string | null>();
  for (let i = 0; i < traces.length; i += 1000) {
    const found = await store.aggregate({ by: ["trace_id"], where: [{ dimension: "trace_id", values: traces.slice(i, i + 1000) }] });
    for (const r of found.rows) known.add(r.dimensions.trace_id ?? null);
  }
  return outcomes.filter((o) => !known.has(o.trace_id)).length;
}

/** a writing store: the server's when one is named (it owns the file), else the file */
async function withWriter<T>(flags: LedgerFlags & object, work: (store: Store) => Promise<T>): Promise<T> {
  const server = serverUrl(flags);
  if (server !== undefined) {
    const { ServerUnavailable } = await import("../../ledger/http/store.js");
    try {
      return await work(await serverLedger(server));
    } catch (e) {
      if (e instanceof ServerUnavailable) throw new UsageError(e.message);
      throw e;
    }
  }
  const store = await openLedger(flags.db, "write");
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function printReport(rows: OutcomeSummaryRow[], by: readonly Dimension[], format: "table" | "json" | "csv"): Promise<void> {
  const { outcomeCosts, outcomeReportJson } = await import("../../planning/index.js");
  if (format === "json") return void process.stdout.write(`${JSON.stringify(outcomeReportJson(rows), null, 2)}\n`);
  type Row = ReturnType<typeof outcomeCosts>[number];
  const csv = format === "csv";
  const count = (n: number) => (csv ? String(n) : n);
  const rate = (r: Row) => (r.success_rate === null ? null : csv ? String(r.success_rate) : `${new Big(r.success_rate).times(100).toFixed(1)} %`);
  const money = (v: string | null, places: number) =>
    v === null ? (csv ? "" : "n/a") : csv ? v : usd(new Big(v).round(places, Big.roundHalfEven).toFixed(places));
  const columns: Column<Row>[] = [
    ...by.map((d): Column<Row> => ({ header: d, value: (r) => r.dimensions[d] ?? (csv ? "" : "(none)") })),
    { header: "kind", value: (r) => r.kind },
    // counts grouped for people, plain for programs (renderCsv would group a number too)
    { header: "interactions", value: (r) => count(r.interactions), align: "right" },
    { header: "outcomes", value: (r) => count(r.outcomes), align: "right" },
    { header: "successes", value: (r) => count(r.successes), align: "right" },
    { header: "success rate", value: rate, align: "right" },
    { header: "token cost", value: (r) => money(r.interactions_usd, 2), align: "right" },
    // a success often costs a fraction of a cent: a millionth of a USD shows it
    { header: "cost per success", value: (r) => money(r.cost_per_success_usd, 6), align: "right" },
  ];
  const costed = outcomeCosts(rows);
  if (csv) return void process.stdout.write(renderCsv(costed, columns));
  if (costed.length === 0) return void process.stdout.write("no outcomes recorded for the interactions in this window (tokenomics outcomes import FILE)\n");
  process.stdout.write(renderTable(costed, columns));
  process.stdout.write("\ncost per success = the token cost of every interaction in the group / its successes\n");
  const unpriced = new Map(rows.map((r) => [JSON.stringify(r.dimensions), r.unpriced_calls]));
  const n = [...unpriced.values()].reduce((a, b) => a + b, 0);
  if (n > 0) process.stdout.write(`${n.toLocaleString("en-US")} calls in these interactions are unpriced and not in the cost\n`);
}
