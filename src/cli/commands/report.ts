import Big from "big.js";
import type { Command } from "commander";
import type { AggregateResult, AggregateRow, InteractionSummaryRow } from "../../ledger/store.js";
import { collect, loadCatalog } from "../catalog.js";
import { UsageError } from "../errors.js";
import { countFlag, dimensionFlag, filterFrom, periodFlag, type FilterFlags } from "../../ledger/query.js";
import { spendJson } from "../../ledger/reports/spend.js";
import { withLedger } from "../ledger.js";
import { formatFrom, renderCsv, renderTable, usd, type Column, type Format } from "../output.js";
import { hiddenTokens, type HiddenTokensRow } from "../../ledger/reports/hidden-tokens.js";

interface ReportFlags extends FilterFlags {
  by?: string;
  every?: string;
  top?: string;
  tz?: string;
  view: string;
  db?: string;
  server?: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

const VIEWS = ["spend", "interactions", "hidden-tokens"];

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("spend, tokens, interactions and hidden reasoning tokens from the ledger")
    .option("--by <dimensions>", "group by, comma-separated: team, project, feature, customer, user, model, provider, environment, tag.<key>…")
    .option("--from <date>", "from this date or time (inclusive)")
    .option("--to <date>", "to this date or time (exclusive)")
    .option("--period <period>", "a year, month or day: 2026, 2026-10, 2026-10-05")
    .option("--every <period>", "a row per day, week or month")
    .option("--tz <zone>", "time zone for --every periods (default UTC)")
    .option("--where <key=value>", "only events where key is value (values comma-separated; repeatable)", collect, [])
    .option("--top <n>", "keep the N costliest groups, sum the rest as (other)")
    .option("--view <view>", `spend (default), interactions or hidden-tokens`, "spend")
    .option("--db <file>", "ledger file (default: $TOKENOMICS_DB or ~/.local/share/tokenomics/ledger.duckdb)")
    .option("--server <url>", "ask a running `tokenomics serve` instead of opening the file (default: $TOKENOMICS_SERVER)")
    .option("--catalog <file>", "extra catalog file, for hidden-tokens prices (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      `
Examples:
  tokenomics report --by team --period 2026-10
  tokenomics report --by model --every day --from 2026-10-01 --to 2026-11-01 --json
  tokenomics report --by customer --top 10 --where environment=prod
  tokenomics report --view interactions --by feature
  tokenomics report --view hidden-tokens --by resolved_model,feature`,
    )
    .action(async (flags: ReportFlags) => {
      if (!VIEWS.includes(flags.view)) throw new UsageError(`--view: expected ${VIEWS.join(", ")}, got "${flags.view}"`);
      const by = (flags.by ?? "")
        .split(",")
        .filter((s) => s.trim() !== "")
        .map((d) => dimensionFlag("--by", d));
      const filter = filterFrom(flags);
      const format = formatFrom(flags);
      if (flags.view === "interactions") {
        const rows = await withLedger(flags, (store) => store.interactionSummary({ ...filter, by }), "read");
        return printInteractions(rows, by, format);
      }
      if (flags.view === "hidden-tokens") {
        const catalog = await loadCatalog(flags.catalog);
        const groups = by.length ? by : (["resolved_model"] as const);
        const result = await withLedger(flags, (store) => store.aggregate({ ...filter, by: groups }), "read");
        return printHidden(hiddenTokens(result.rows, catalog), groups, format);
      }
      const every = periodFlag(flags.every);
      const top = flags.top === undefined ? undefined : countFlag("--top", flags.top);
      const result = await withLedger(
        flags,
        (store) =>
          store.aggregate({
            ...filter,
            by,
            costs: format === "json",
            ...(every ? { every } : {}),
            ...(flags.tz ? { tz: flags.tz } : {}),
            ...(top !== undefined ? { top } : {}),
          }),
        "read",
      );
      printSpend(result, by, format);
    });
}

function printSpend(result: AggregateResult, by: readonly string[], format: Format): void {
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(spendJson(result, by), null, 2)}\n`);
    return;
  }
  const money = (v: string) => (format === "csv" ? v : usd(v));
  const hasPeriod = result.rows.some((r) => r.period !== undefined);
  const columns: Column<AggregateRow>[] = [
    ...(hasPeriod ? [{ header: "period", value: (r: AggregateRow) => r.period }] : []),
    ...by.map((d): Column<AggregateRow> => ({ header: d, value: (r) => r.dimensions[d] ?? "(none)" })),
    { header: "events", value: (r) => r.events, align: "right" },
    { header: "input", value: (r) => r.tokens.input, align: "right" },
    { header: "cached_input", value: (r) => r.tokens.cached_input, align: "right" },
    { header: "cache_write", value: (r) => r.tokens.cache_write + r.tokens.cache_write_1h, align: "right" },
    { header: "output", value: (r) => r.tokens.output, align: "right" },
    { header: "reasoning", value: (r) => r.tokens.reasoning, align: "right" },
    { header: "unpriced", value: (r) => r.unpriced_events || "", align: "right" },
    { header: "total_usd", value: (r) => money(r.total_usd), align: "right" },
  ];
  if (format === "csv") {
    process.stdout.write(renderCsv(result.rows, columns));
    return;
  }
  if (result.rows.length === 0) {
    process.stdout.write("no events in the ledger for this selection (import some with `tokenomics import`, or try `tokenomics demo`)\n");
    return;
  }
  process.stdout.write(renderTable(result.rows, columns));
  process.stdout.write(`\ntotal ${usd(result.total_usd)} over ${result.events.toLocaleString("en-US")} events\n`);
  if (result.unpriced_events > 0) {
    const models = result.unpriced.map((u) => `${u.model} (${u.events.toLocaleString("en-US")})`).join(", ");
    process.stdout.write(`${result.unpriced_events.toLocaleString("en-US")} events are unpriced and not in the total: ${models}\n`);
  }
}

/** α: what an interaction cost over what its final successful call cost */
export function alpha(row: InteractionSummaryRow): string | null {
  const final = new Big(row.final_calls_usd);
  return final.eq(0) ? null : new Big(row.completed_usd).div(final).toFixed(3);
}

function printInteractions(rows: InteractionSummaryRow[], by: readonly string[], format: Format): void {
  const per = (r: InteractionSummaryRow, n: number) => (r.interactions ? (n / r.interactions).toFixed(2) : "");
  if (format === "json") {
    const out = rows.map((r) => ({
      ...Object.fromEntries(by.map((d) => [d, r.dimensions[d] ?? null])),
      ...r,
      dimensions: undefined,
      cost_per_interaction_usd: r.interactions ? new Big(r.total_usd).div(r.interactions).toFixed(8) : null,
      calls_per_interaction: r.interactions ? r.calls / r.interactions : null,
      alpha: alpha(r),
    }));
    process.stdout.write(`${JSON.stringify({ rows: out }, null, 2)}\n`);
    return;
  }
  const columns: Column<InteractionSummaryRow>[] = [
    ...by.map((d): Column<InteractionSummaryRow> => ({ header: d, value: (r) => r.dimensions[d] ?? "(none)" })),
    { header: "interactions", value: (r) => r.interactions, align: "right" },
    { header: "calls/int", value: (r) => per(r, r.calls), align: "right" },
    { header: "retries", value: (r) => r.retries, align: "right" },
    { header: "tool_calls", value: (r) => r.tool_calls, align: "right" },
    { header: "cost/int", value: (r) => (r.interactions ? usd(new Big(r.total_usd).div(r.interactions).toFixed(6)) : ""), align: "right" },
    { header: "alpha", value: (r) => alpha(r) ?? "", align: "right" },
    { header: "total_usd", value: (r) => (format === "csv" ? r.total_usd : usd(r.total_usd)), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(rows, columns));
  if (rows.length === 0) return void process.stdout.write("no interactions: events need a trace id (the gateway, OTel spans and the demo record them)\n");
  process.stdout.write(renderTable(rows, columns));
  process.stdout.write("\nalpha = interaction cost / cost of its final successful call (retries, tool calls and context growth on top)\n");
}

function printHidden(rows: HiddenTokensRow[], by: readonly string[], format: Format): void {
  if (format === "json") return void process.stdout.write(`${JSON.stringify({ rows }, null, 2)}\n`);
  const columns: Column<HiddenTokensRow>[] = [
    ...by.map((d): Column<HiddenTokensRow> => ({ header: d, value: (r) => r.dimensions[d] ?? "(none)" })),
    { header: "output", value: (r) => r.output_tokens, align: "right" },
    { header: "reasoning", value: (r) => r.reasoning_tokens, align: "right" },
    { header: "reasoning_share", value: (r) => `${(r.reasoning_share * 100).toFixed(1)}%`, align: "right" },
    { header: "h", value: (r) => r.h.toFixed(3), align: "right" },
    { header: "p_out/M", value: (r) => (r.output_price_per_million ? usd(r.output_price_per_million) : "unpriced"), align: "right" },
    { header: "effective/M", value: (r) => (r.effective_price_per_million ? usd(r.effective_price_per_million) : ""), align: "right" },
  ];
  if (format === "csv") return void process.stdout.write(renderCsv(rows, columns));
  process.stdout.write(renderTable(rows, columns));
  process.stdout.write("\nh = reasoning / visible output; effective price per visible output token = p_out × (1 + h)\n");
}
