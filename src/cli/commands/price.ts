import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { TOKEN_CLASSES, USAGE_FIELDS, usage, type Usage, type UsageField } from "../../usage/usage.js";
import type { Catalog } from "../../pricing/catalog.js";
import { priceWith, type PriceOptions, type PricedCall } from "../../pricing/price.js";
import { collect, loadCatalog } from "../catalog.js";
import { countFlag, dateFlag } from "../../ledger/query.js";
import { UsageError } from "../errors.js";
import { formatFrom, renderCsv, renderTable, usd, csvField, type Column } from "../output.js";
import { progress } from "../progress.js";

interface PriceFlags {
  model?: string;
  input?: string;
  output?: string;
  cachedInput?: string;
  cacheWrite?: string;
  cacheWrite1h?: string;
  reasoning?: string;
  audioInput?: string;
  audioOutput?: string;
  images?: string;
  webSearches?: string;
  requests?: string;
  batch?: boolean;
  tier?: string;
  at?: string;
  customer?: string;
  currency?: string;
  fx: string[];
  catalog: string[];
  usageJson?: string;
  provider?: string;
  records?: string;
  json?: boolean;
  csv?: boolean;
}

// flag → usage field; all classes disjoint (`--input` is uncached input only)
const FLAG_FIELDS: [keyof PriceFlags, UsageField, string][] = [
  ["input", "input", "--input"],
  ["cachedInput", "cached_input", "--cached-input"],
  ["cacheWrite", "cache_write", "--cache-write"],
  ["cacheWrite1h", "cache_write_1h", "--cache-write-1h"],
  ["output", "output", "--output"],
  ["reasoning", "reasoning", "--reasoning"],
  ["audioInput", "audio_input", "--audio-input"],
  ["audioOutput", "audio_output", "--audio-output"],
  ["images", "images", "--images"],
  ["webSearches", "web_searches", "--web-searches"],
  ["requests", "requests", "--requests"],
];

export function registerPrice(program: Command): void {
  program
    .command("price")
    .description("price one call's usage exactly (or many with --records)")
    .option("-m, --model <id>", "model id, alias, snapshot or platform id")
    .option("--input <n>", "uncached input tokens")
    .option("--output <n>", "visible output tokens (reasoning excluded)")
    .option("--cached-input <n>", "input tokens read from the prompt cache")
    .option("--cache-write <n>", "input tokens written to the cache (5-minute)")
    .option("--cache-write-1h <n>", "input tokens written to the 1-hour cache")
    .option("--reasoning <n>", "reasoning tokens")
    .option("--audio-input <n>", "audio input tokens")
    .option("--audio-output <n>", "audio output tokens")
    .option("--images <n>", "images billed per image")
    .option("--web-searches <n>", "web-search calls")
    .option("--requests <n>", "requests billed per request")
    .option("--batch", "price with the batch discount")
    .option("--tier <tier>", "service tier: flex | priority")
    .option("--at <date>", "price as of this date (default: today)")
    .option("--customer <id>", "customer, for per-customer adjustments in catalog files")
    .option("--currency <code>", "also show the cost in this currency (needs --fx)")
    .option("--fx <CODE=rate>", "exchange rate, units per USD (repeatable)", collect, [])
    .option("--catalog <file>", "extra catalog file (Tokenomics or LiteLLM format; repeatable)", collect, [])
    .option("--usage-json <json>", "a provider's usage object instead of token flags")
    .option("--provider <name>", "convention of --usage-json: openai | openai-responses | anthropic | gemini | otel")
    .option("--records <file.jsonl>", "price many records, one JSON object per line")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText(
      "after",
      `
Examples:
  tokenomics price --model claude-sonnet-4-5 --input 2000 --cached-input 10000 --output 800
  tokenomics price --model o3 --input 10000 --output 3000 --at 2025-06-01 --json
  tokenomics price --model gpt-4o --usage-json '{"prompt_tokens":1200,"completion_tokens":300,"prompt_tokens_details":{"cached_tokens":1024}}' --provider openai
  tokenomics price --records calls.jsonl > priced.jsonl`,
    )
    .action(async (flags: PriceFlags) => {
      const catalog = await loadCatalog(flags.catalog);
      const options = priceOptions(flags);
      if (flags.records) return priceRecords(catalog, flags.records, options, flags);
      if (!flags.model) throw new UsageError("--model is required (or --records FILE)");
      const u = flags.usageJson !== undefined ? await usageFromJson(flags.usageJson, flags.provider) : usageFromFlags(flags);
      const at = dateFlag("--at", flags.at);
      const r = priceWith(catalog, u, flags.model, at, options);
      if (!r.priced) {
        const hint = r.candidates.length ? ` (did you mean ${r.candidates.join(", ")}?)` : "";
        throw new UsageError(`${r.reason}${hint}`);
      }
      printPriced(r, formatFrom(flags));
    });
}

function priceOptions(flags: PriceFlags): PriceOptions {
  const options: PriceOptions = {};
  if (flags.batch) options.batch = true;
  if (flags.tier) options.tier = flags.tier;
  if (flags.customer) options.customer = flags.customer;
  if (flags.currency) {
    options.currency = flags.currency;
    options.fxRates = Object.fromEntries(
      flags.fx.map((pair) => {
        const m = pair.match(/^([A-Za-z]{3})=(\d+(?:\.\d+)?)$/);
        if (!m) throw new UsageError(`--fx: expected CODE=rate like EUR=0.92, got "${pair}"`);
        return [m[1]!.toUpperCase(), m[2]!];
      }),
    );
  }
  return options;
}

function usageFromFlags(flags: PriceFlags): Usage {
  const u = usage();
  for (const [key, field, flag] of FLAG_FIELDS) u[field] = countFlag(flag, flags[key] as string | undefined);
  return u;
}

async function usageFromJson(text: string, provider: string | undefined): Promise<Usage> {
  const { normalizeUsage, detectUsageShape } = await import("../../usage/normalize/index.js");
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--usage-json: not valid JSON (${(e as Error).message})`);
  }
  const shape = provider ?? detectUsageShape(obj);
  if (!shape) throw new UsageError("--usage-json: cannot tell the provider's convention; give --provider");
  try {
    return normalizeUsage(shape as Parameters<typeof normalizeUsage>[0], obj);
  } catch (e) {
    throw new UsageError(`--usage-json: ${(e as Error).message}`);
  }
}

interface BreakdownRow {
  field: UsageField | "total";
  count: number | null;
  rate: string;
  cost: string;
}

function printPriced(r: PricedCall, format: "table" | "json" | "csv"): void {
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  const rates = r.appliedRates;
  const rows: BreakdownRow[] = Object.entries(r.breakdown).map(([field, cost]) => ({
    field: field as UsageField,
    count: r.usage[field as UsageField],
    rate: rates[field as UsageField] ?? "",
    cost,
  }));
  rows.push({ field: "total", count: null, rate: "", cost: r.total_usd });
  const columns: Column<BreakdownRow>[] = [
    { header: "class", value: (x) => x.field },
    { header: "count", value: (x) => x.count, align: "right" },
    { header: "rate", value: (x) => (x.rate ? `${usd(x.rate)}${isToken(x.field) ? "/M" : " each"}` : ""), align: "right" },
    { header: "cost_usd", value: (x) => (format === "csv" ? x.cost : usd(x.cost)), align: "right" },
  ];
  if (format === "csv") {
    process.stdout.write(renderCsv(rows, columns));
    return;
  }
  const notes = [
    r.options.batch ? "batch" : undefined,
    r.options.tier ? `${r.options.tier} tier` : undefined,
    r.longContextTier ? `long-context rates (prompt > ${r.longContextTier.toLocaleString("en-US")} tokens)` : undefined,
    ...r.adjustments.map((a) => `adjustment ${a}`),
  ].filter(Boolean);
  const via = r.via === "id" ? "" : ` (from "${r.requested}" via ${r.via})`;
  process.stdout.write(`${r.model.id} · ${r.model.provider}${via} · prices from ${r.version.from}${notes.length ? ` · ${notes.join(", ")}` : ""}\n\n`);
  process.stdout.write(renderTable(rows, columns));
  const c = r.converted;
  if (c) process.stdout.write(`\ntotal in ${c.currency} at ${c.rate}/USD: ${c.total}\n`);
}

const isToken = (f: string) => (TOKEN_CLASSES as readonly string[]).includes(f);

/** `--records`: one JSON result per input line, in order; a bad line gives an error line */
async function priceRecords(catalog: Catalog, file: string, base: PriceOptions, flags: PriceFlags): Promise<void> {
  const csv = formatFrom(flags) === "csv";
  const input = file === "-" ? process.stdin : createReadStream(file);
  input.on("error", (e: NodeJS.ErrnoException) => {
    process.stderr.write(`tokenomics: --records ${file}: ${e.code ?? e.message}\n`);
    process.exit(2);
  });
  const bar = progress("pricing records");
  let out = csv ? "line,model,provider,version_from,total_usd,error\n" : "";
  let line = 0;
  let errors = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    let result: string;
    try {
      const r = priceRecordLine(catalog, text, base);
      result = csv ? [line, r.model.id, r.model.provider, r.version.from, r.total_usd, ""].map(String).map(csvField).join(",") : JSON.stringify(r);
    } catch (e) {
      errors++;
      const message = (e as Error).message;
      result = csv ? [String(line), "", "", "", "", message].map(csvField).join(",") : JSON.stringify({ line, error: message });
    }
    out += `${result}\n`;
    if (out.length > 1 << 16) {
      process.stdout.write(out);
      out = "";
    }
    bar.tick(line);
  }
  process.stdout.write(out);
  bar.done(`priced ${line - errors} records, ${errors} errors`);
}

const RECORD_FIELDS = new Set<string>([...USAGE_FIELDS, "model", "batch", "tier", "at", "customer"]);

/** one `--records` line (a flat JSON object of token counts and options) → its price; throws the reason for a bad line */
function priceRecordLine(catalog: Catalog, text: string, base: PriceOptions): PricedCall {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error("not valid JSON");
  }
  if (rec === null || typeof rec !== "object" || Array.isArray(rec)) throw new Error("expected a JSON object");
  for (const key of Object.keys(rec)) if (!RECORD_FIELDS.has(key)) throw new Error(`unknown field "${key}"`);
  if (typeof rec.model !== "string" || rec.model === "") throw new Error(`model: expected a model id`);
  const u = usage();
  for (const field of USAGE_FIELDS) {
    const v = rec[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new Error(`${field}: expected a non-negative integer, got ${JSON.stringify(v)}`);
    u[field] = v;
  }
  const options: PriceOptions = { ...base };
  if (rec.batch !== undefined) {
    if (typeof rec.batch !== "boolean") throw new Error("batch: expected true or false");
    options.batch = rec.batch;
  }
  if (rec.tier !== undefined) {
    if (typeof rec.tier !== "string") throw new Error("tier: expected a string");
    options.tier = rec.tier;
  }
  if (rec.customer !== undefined) options.customer = String(rec.customer);
  let at: string | undefined;
  if (rec.at !== undefined) {
    if (typeof rec.at !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(rec.at)) throw new Error(`at: expected a date like 2025-06-10`);
    at = rec.at;
  }
  const r = priceWith(catalog, u, rec.model, at, options);
  if (!r.priced) throw new Error(r.candidates.length ? `${r.reason} (nearest: ${r.candidates.join(", ")})` : r.reason);
  return r;
}
