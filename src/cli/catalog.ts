import { readFileSync } from "node:fs";
import { Catalog } from "../pricing/catalog.js";
import { builtinCatalog, builtinCatalogFiles } from "../pricing/builtin/index.js";
import { UsageError } from "./errors.js";

/**
 * The built-in catalog with the user's `--catalog` files layered on top. The validator (and
 * with it zod) is loaded only when there are files to validate, to keep `price` fast to start.
 */
export async function loadCatalog(files: readonly string[] = []): Promise<Catalog> {
  if (files.length === 0) return builtinCatalog();
  const { parseCatalog } = await import("../pricing/catalog-file.js");
  const layers = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`--catalog ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    return parseCatalog(text, file).catalog;
  });
  return Catalog.from(...builtinCatalogFiles, ...layers);
}

/** repeatable flag collector for commander */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
