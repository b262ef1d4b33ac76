/**
 * The fast path of an import: the store loads an importer's plain lines itself (in SQL,
 * `ledger/duckdb/native-import.ts`) and hands back the lines it cannot take, which
 * the pipeline then reads and admits one by one (`./admit.ts`). An optimisation only: it must
 * store what admission would (`admit.test.ts`).
 */
import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import { rateCard, type RateCard } from "../pricing/rate-card.js";
import type { JsonLinesResult } from "../ledger/native-import-plan.js";
import type { Store } from "../ledger/store.js";
import { pieces, type Piece } from "./file-pieces.js";
import type { Importer, RunImportOptions } from "./importer.js";
import { readLines } from "./read-lines.js";

/**
 * The store's native import of the importer's plain lines, when there is one and it prices
 * exactly as `priceRecord` would: not for restated sources (they replace), and not under
 * per-customer price adjustments (a rate card is per model and day, not per customer).
 */
export function nativeImport(
  importer: Importer,
  store: Store,
  catalog: Catalog,
  options: RunImportOptions,
): ((file: string) => Promise<JsonLinesResult | undefined>) | undefined {
  const plan = importer.plan;
  if (options.native === false || !plan || !store.importJsonLines || importer.restates) return undefined;
  if (catalog.adjustments.some((a) => a.match?.customer !== undefined)) return undefined;
  const cards = new Map<string, RateCard>();
  const card = (model: string, day: string): RateCard => {
    const key = `${day}|${model}`;
    let c = cards.get(key);
    if (!c) cards.set(key, (c = rateCard(catalog, model, day)));
    return c;
  };
  return async (file) => {
    const total: JsonLinesResult = { records: 0, inserted: 0, duplicates: 0, unpriced: 0, total_usd: "0", handedBack: [] };
    for (const piece of pieces(file, options.nativePieceBytes ?? NATIVE_PIECE_BYTES)) {
      const r = await store.importJsonLines!(piece.path, plan, {
        cards: card,
        sourceFile: file,
        linesBefore: piece.linesBefore,
        ...(options.defaults ? { defaults: options.defaults } : {}),
      });
      // a piece the store cannot read: the exact reading takes its lines
      const handedBack = r ? r.handedBack : await linesOf(piece);
      total.records += r?.records ?? 0;
      total.inserted += r?.inserted ?? 0;
      total.duplicates += r?.duplicates ?? 0;
      total.unpriced += r?.unpriced ?? 0;
      total.total_usd = new Big(total.total_usd).plus(r?.total_usd ?? "0").toFixed();
      for (const line of handedBack) total.handedBack.push(line);
    }
    return total;
  };
}

/**
 * Native imports load a piece of a file whole; this bounds their memory (a database holds a few
 * copies of a piece while it parses) whatever the file's size.
 */
const NATIVE_PIECE_BYTES = 128 << 20;

/** every line number of a piece, in the original file's numbering */
async function linesOf(piece: Piece): Promise<number[]> {
  const out: number[] = [];
  for await (const { line } of readLines(piece.path)) out.push(piece.linesBefore + line);
  return out;
}
