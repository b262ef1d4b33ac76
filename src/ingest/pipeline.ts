/**
 * The import pipeline: the files under the given paths, read by one importer, each record
 * admitted (`./admit.ts`) and stored in atomic batches, the plain lines through the store's
 * native import where it has one (`./native.ts`). Also `ingest`, the same for records from
 * anywhere (the demo generator).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import type { JsonLinesResult } from "../ledger/native-import-plan.js";
import { admitRecord, type AdmitOptions } from "./admit.js";
import { nativeImport } from "./native.js";
import type { Store } from "../ledger/store.js";
import type { Importer, ImportItem, ImportSummary, RunImportOptions } from "./importer.js";

/**
 * Events per batch: a batch is one atomic write, and big ones are what makes DuckDB fast
 * (80k rows/s at 10k a batch, 210k at 200k). They wait in a file, not in memory.
 */
export const DEFAULT_BATCH = 100_000;

/** files under the given paths that the importer reads (directories walked, sorted) */
export function expandPaths(importer: Importer, paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else if (importer.extensions.length === 0 || importer.extensions.some((ext) => path.endsWith(ext))) {
      out.push(path);
    }
  };
  for (const p of paths) walk(p);
  return out;
}

/**
 * Read files with an importer, price every record, and append to the store in batches. The
 * next batch is parsed while the store writes the previous one. Bad lines go to `onReject`;
 * the rest is imported.
 */
export async function runImport(
  importer: Importer,
  files: readonly string[],
  store: Store,
  catalog: Catalog,
  options: RunImportOptions = {},
): Promise<ImportSummary> {
  const replace = importer.restates === true;
  // first what the store can import natively; then, read exactly, every line it handed back
  const native = nativeImport(importer, store, catalog, options);
  const bulk: JsonLinesResult[] = [];
  const rest: { file: string; lines?: ReadonlySet<number> }[] = [];
  let records = 0;
  for (const file of files) {
    const result = native && (await native(file));
    if (!result) {
      rest.push({ file });
      continue;
    }
    bulk.push(result);
    records += result.records;
    options.onProgress?.(records);
    options.onStored?.(bulk.reduce((n, r) => n + r.records, 0));
    if (result.handedBack.length > 0) rest.push({ file, lines: new Set(result.handedBack) });
  }
  async function* items(): AsyncGenerator<ImportItem> {
    // whole files only: an importer may read them all at once (on worker threads, say)
    if (importer.readAll && rest.every((r) => r.lines === undefined))
      yield* importer.readAll(
        rest.map((r) => r.file),
        options,
      );
    else for (const { file, lines } of rest) yield* importer.read(file, lines ? { ...options, lines } : options);
  }
  const exact = await ingest(items(), store, catalog, {
    ...options,
    replace,
    onProgress: options.onProgress && ((n) => options.onProgress!(records + n)),
    onStored: options.onStored && ((n) => options.onStored!(records + n)),
  });
  const sum = { ...exact, files: files.length };
  for (const r of bulk) {
    sum.records += r.records;
    sum.inserted += r.inserted;
    sum.duplicates += r.duplicates;
    sum.unpriced += r.unpriced;
    sum.total_usd = new Big(sum.total_usd).plus(r.total_usd).toFixed();
  }
  return sum;
}

/** admit (`./admit.ts`: validate, default, price, cap) and store records from any source (an importer's items, the demo generator…) */
export async function ingest(
  items: AsyncIterable<ImportItem> | Iterable<ImportItem>,
  store: Store,
  catalog: Catalog,
  options: RunImportOptions = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { files: 0, records: 0, inserted: 0, duplicates: 0, unpriced: 0, rejected: 0, total_usd: "0" };
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let total = new Big(0);
  const writer = store.writer({ replace: options.replace === true });
  let writing: Promise<void> = Promise.resolve();
  const admission: AdmitOptions = options.defaults ? { defaults: options.defaults } : {};

  // the store writes one batch while the next is read and priced
  const flush = async (): Promise<void> => {
    await writing;
    writing = writer.flush().then((r) => {
      summary.inserted += r.inserted;
      summary.duplicates += r.duplicates;
      options.onStored?.(summary.inserted + summary.duplicates);
    });
  };

  for await (const item of items) {
    if ("reject" in item) {
      summary.rejected++;
      options.onReject?.(item.reject);
      continue;
    }
    const record = item.record;
    const admitted = admitRecord(catalog, record, admission);
    if ("reject" in admitted) {
      summary.rejected++;
      options.onReject?.({ file: record.source.file ?? "", line: record.source.line ?? 0, reason: admitted.reject });
      continue;
    }
    const event = admitted.event;
    const cost = event.cost.total_usd === null ? null : new Big(event.cost.total_usd);
    summary.records++;
    if (cost !== null) total = total.plus(cost);
    else summary.unpriced++;
    writer.add(event);
    if (writer.pending >= batchSize) {
      await flush();
      options.onProgress?.(summary.records);
    }
  }
  await flush();
  await writing;
  options.onProgress?.(summary.records);
  summary.total_usd = total.toFixed();
  return summary;
}
