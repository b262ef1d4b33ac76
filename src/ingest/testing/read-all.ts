/** Test support: an importer's output for one file, collected. Not shipped. */
import type { UsageRecord } from "../../usage/event.js";
import type { Importer, ImportOptions, Reject } from "../importer.js";

/**
 * Everything an importer yields for one file, records and rejects apart. Holds it all in
 * memory: for tests, previews and small files, never for a bulk import.
 *
 * @example
 * const { records, rejects } = await readAll(openaiImporter, "calls.jsonl");
 */
export async function readAll(importer: Importer, file: string, options: ImportOptions = {}): Promise<{ records: UsageRecord[]; rejects: Reject[] }> {
  const records: UsageRecord[] = [];
  const rejects: Reject[] = [];
  for await (const item of importer.read(file, options)) {
    if ("record" in item) records.push(item.record);
    else rejects.push(item.reject);
  }
  return { records, rejects };
}
