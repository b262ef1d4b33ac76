import type { Command } from "commander";
import type { ModelEntry, PriceVersion } from "../../pricing/catalog-schema.js";
import { today } from "../../pricing/catalog.js";
import { collect, loadCatalog } from "../catalog.js";
import { dateFlag } from "../../ledger/query.js";
import { formatFrom, renderCsv, renderTable, usd, type Column } from "../output.js";

interface ModelsFlags {
  at?: string;
  history?: boolean;
  catalog: string[];
  json?: boolean;
  csv?: boolean;
}

interface ModelRow {
  model: ModelEntry;
  version: PriceVersion;
}

export function registerModels(program: Command): void {
  program
    .command("models [search...]")
    .description("list the catalog: prices per million tokens and context, filtered by words")
    .option("--at <date>", "prices in force on this date (default: today)")
    .option("--history", "every price version, not only the one in force")
    .option("--catalog <file>", "extra catalog file (repeatable)", collect, [])
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .addHelpText("after", "\nExamples:\n  tokenomics models claude\n  tokenomics models gpt-4o --history\n  tokenomics models bedrock --json")
    .action(async (words: string[], flags: ModelsFlags) => {
      const catalog = await loadCatalog(flags.catalog);
      const day = (dateFlag("--at", flags.at) ?? today()).slice(0, 10);
      const rows: ModelRow[] = [];
      for (const model of catalog.search(words.join(" "))) {
        const versions = flags.history ? model.prices : model.prices.filter((p) => p.from <= day).slice(-1);
        for (const version of versions) rows.push({ model, version });
      }
      rows.sort(
        (a, b) => a.model.provider.localeCompare(b.model.provider) || a.model.id.localeCompare(b.model.id) || a.version.from.localeCompare(b.version.from),
      );
      const format = formatFrom(flags);
      if (format === "json") {
        process.stdout.write(
          `${JSON.stringify(
            rows.map(({ model, version }) => ({ ...model, prices: undefined, price: version })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const money = (v: string | undefined) => (v === undefined ? "" : format === "csv" ? v : usd(v));
      const columns: Column<ModelRow>[] = [
        { header: "model", value: (r) => r.model.id },
        { header: "provider", value: (r) => (r.model.host ? `${r.model.provider}@${r.model.host}` : r.model.provider) },
        { header: "mode", value: (r) => r.model.mode },
        { header: "context", value: (r) => (r.model.context_window ? compact(r.model.context_window) : ""), align: "right" },
        { header: "input/M", value: (r) => money(r.version.rates.input), align: "right" },
        { header: "cached/M", value: (r) => money(r.version.rates.cached_input), align: "right" },
        { header: "output/M", value: (r) => money(r.version.rates.output), align: "right" },
        { header: "from", value: (r) => r.version.from },
        { header: "notes", value: (r) => notes(r.version) },
      ];
      if (format === "csv") {
        process.stdout.write(renderCsv(rows, columns));
        return;
      }
      if (rows.length === 0) {
        process.stderr.write(`no model matches "${words.join(" ")}" (try: tokenomics models, with no words)\n`);
        return;
      }
      process.stdout.write(renderTable(rows, columns));
      process.stdout.write(
        `\n${rows.length} ${flags.history ? "price versions" : "models"}; prices in USD per 1M tokens${flags.history ? "" : ` as of ${day}`}\n`,
      );
    });
}

function notes(v: PriceVersion): string {
  const out: string[] = [];
  for (const t of v.tiers ?? []) out.push(`>${compact(t.above_prompt_tokens)} tier`);
  if (v.batch) out.push("batch");
  out.push(...Object.keys(v.service_tiers ?? {}));
  if (v.fees?.per_image) out.push(`$${v.fees.per_image}/image`);
  if (v.fees?.per_audio_second) out.push(`$${v.fees.per_audio_second}/s audio`);
  if (v.fees?.per_web_search) out.push(`$${v.fees.per_web_search}/search`);
  return out.join(", ");
}

/** 200000 → "200K", 1048576 → "1.05M" */
function compact(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(2)}M`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)}K`;
  return String(n);
}
