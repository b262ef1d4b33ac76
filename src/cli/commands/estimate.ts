import { readFileSync } from "node:fs";
import Big from "big.js";
import type { Command } from "commander";
import { usage } from "../../usage/usage.js";
import { priceWith } from "../../pricing/price.js";
import { today } from "../../pricing/catalog.js";
import { collect, loadCatalog } from "../catalog.js";
import { countFlag, dateFlag } from "../../ledger/query.js";
import { UsageError } from "../errors.js";
import { formatFrom, renderCsv, renderTable, usd, type Column } from "../output.js";

interface EstimateFlags {
  file?: string;
  text?: string;
  models?: string;
  outputTokens?: string;
  at?: string;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

/** current models people compare a prompt across, when --models is not given */
const DEFAULT_MODELS = [
  "gpt-5",
  "gpt-5-mini",
  "gpt-5-nano",
  "gpt-4.1",
  "gpt-4.1-mini",
  "gpt-4o",
  "gpt-4o-mini",
  "o3",
  "o4-mini",
  "claude-opus-4-5",
  "claude-sonnet-4-5",
  "claude-haiku-4-5",
  "gemini-2.5-pro",
  "gemini-2.5-flash",
  "gemini-2.5-flash-lite",
  "mistral-medium-2508",
  "grok-4-fast-non-reasoning",
  "amazon.nova-pro-v1:0",
  "command-a-03-2025",
];

const DEFAULT_OUTPUT_TOKENS = 500;

export interface EstimateRow {
  model: string;
  provider: string;
  input_tokens: number;
  exact: boolean;
  method: string;
  /** relative half-width of the estimate's range (0.2 = ±20%) */
  error_bound?: number;
  input_tokens_low?: number;
  input_tokens_high?: number;
  output_tokens: number;
  output_assumed: boolean;
  total_usd: string;
  total_usd_low?: string;
  total_usd_high?: string;
}

export function registerEstimate(program: Command): void {
  program
    .command("estimate")
    .description("count a prompt's tokens and price it across models, cheapest first")
    .option("-f, --file <file>", "prompt file: text, or chat messages JSON ([{role, content}] or {messages, tools})")
    .option("-t, --text <text>", "prompt text")
    .option("--models <ids>", "comma-separated models (default: a set of current models)")
    .option("--output-tokens <n>", `expected output tokens (default: assume ${DEFAULT_OUTPUT_TOKENS})`)
    .option("--at <date>", "prices in force on this date (default: today)")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      '\nExamples:\n  tokenomics estimate --file prompt.txt\n  tokenomics estimate --text "Hello" --models gpt-4o,claude-sonnet-4-5 --output-tokens 200',
    )
    .action(async (flags: EstimateFlags) => {
      if ((flags.file === undefined) === (flags.text === undefined)) throw new UsageError("give exactly one of --file FILE or --text TEXT");
      const prompt = flags.file !== undefined ? readPrompt(flags.file) : flags.text!;
      const outputAssumed = flags.outputTokens === undefined;
      const outputTokens = outputAssumed ? DEFAULT_OUTPUT_TOKENS : countFlag("--output-tokens", flags.outputTokens);
      const at = dateFlag("--at", flags.at) ?? today();
      const catalog = await loadCatalog(flags.catalog);
      const requested = flags.models
        ? flags.models
            .split(",")
            .map((m) => m.trim())
            .filter(Boolean)
        : DEFAULT_MODELS;
      const { countPrompt } = await import("../../tokens/index.js");

      const rows: EstimateRow[] = [];
      const skipped: string[] = [];
      for (const id of requested) {
        const found = catalog.resolve(id, at);
        if (!found.ok) {
          if (flags.models) throw new UsageError(`${found.reason}${found.candidates.length ? ` (did you mean ${found.candidates.join(", ")}?)` : ""}`);
          skipped.push(id);
          continue;
        }
        const count = await countPrompt(prompt, { model: found.model.id, provider: found.model.provider });
        const cost = (tokens: number) => {
          const r = priceWith(catalog, usage({ input: tokens, output: outputTokens }), id, at);
          if (!r.priced) throw new UsageError(r.reason);
          return r.total_usd;
        };
        const row: EstimateRow = {
          model: found.model.id,
          provider: found.model.provider,
          input_tokens: count.tokens,
          exact: count.exact,
          method: count.method,
          output_tokens: outputTokens,
          output_assumed: outputAssumed,
          total_usd: cost(count.tokens),
        };
        if (!count.exact && count.low !== undefined && count.high !== undefined) {
          row.error_bound = count.errorBound;
          row.input_tokens_low = count.low;
          row.input_tokens_high = count.high;
          row.total_usd_low = cost(count.low);
          row.total_usd_high = cost(count.high);
        }
        rows.push(row);
      }
      rows.sort((a, b) => new Big(a.total_usd).cmp(b.total_usd) || a.model.localeCompare(b.model));
      print(rows, formatFrom(flags), outputAssumed);
      if (skipped.length && process.stderr.isTTY) process.stderr.write(`(not in the catalog on ${at.slice(0, 10)}: ${skipped.join(", ")})\n`);
    });
}

function readPrompt(file: string): string | unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  // a chat transcript is counted with the provider's message framing; anything else is text
  const trimmed = text.trimStart();
  if (file.endsWith(".json") || trimmed.startsWith("[") || trimmed.startsWith("{")) {
    try {
      const json = JSON.parse(text) as unknown;
      if (Array.isArray(json) || (json !== null && typeof json === "object" && "messages" in json)) return json;
    } catch {
      if (file.endsWith(".json")) throw new UsageError(`--file ${file}: not valid JSON`);
    }
  }
  return text;
}

function print(rows: EstimateRow[], format: "table" | "json" | "csv", outputAssumed: boolean): void {
  if (format === "json") {
    process.stdout.write(`${JSON.stringify({ models: rows }, null, 2)}\n`);
    return;
  }
  const money = (v: string | undefined) => (v === undefined ? "" : format === "csv" ? v : usd(v));
  const columns: Column<EstimateRow>[] = [
    { header: "model", value: (r) => r.model },
    { header: "provider", value: (r) => r.provider },
    { header: "input_tokens", value: (r) => r.input_tokens, align: "right" },
    { header: "count", value: (r) => (r.exact ? "exact" : r.error_bound !== undefined ? `est. ±${Math.round(r.error_bound * 100)}%` : "estimate") },
    { header: "output_tokens", value: (r) => r.output_tokens, align: "right" },
    { header: "cost_usd", value: (r) => money(r.total_usd), align: "right" },
    { header: "range_usd", value: (r) => (r.total_usd_low ? `${money(r.total_usd_low)} – ${money(r.total_usd_high)}` : "") },
  ];
  if (format === "csv") {
    process.stdout.write(renderCsv(rows, columns));
    return;
  }
  process.stdout.write(renderTable(rows, columns));
  if (outputAssumed) process.stdout.write(`\noutput assumed to be ${DEFAULT_OUTPUT_TOKENS} tokens; set it with --output-tokens N\n`);
}
