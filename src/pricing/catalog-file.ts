import { JsonSyntaxError, parseJson } from "../shared/json.js";
import { CatalogError } from "./catalog-error.js";
import { CatalogFileSchema, type CatalogFile } from "./catalog-schema.js";
import { importLiteLLM, isLiteLLMFormat } from "./litellm.js";

export interface ParsedCatalog {
  catalog: CatalogFile;
  format: "tokenomics" | "litellm";
  /** for LiteLLM files: cost keys with no Tokenomics equivalent, and how often they occurred */
  unmapped?: Record<string, number>;
}

/**
 * Parse a catalog file's text: a Tokenomics catalog, or a LiteLLM price file (detected).
 * Throws a CatalogError naming the file, the entry and the field of the first problem.
 *
 * @example
 * const { catalog } = parseCatalog(readFileSync("prices.json", "utf8"), "prices.json");
 */
export function parseCatalog(text: string, file: string): ParsedCatalog {
  let json: unknown;
  try {
    json = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new CatalogError(`not valid JSON: ${e.message}`, { file });
    throw e;
  }
  if (isLiteLLMFormat(json)) {
    try {
      const imported = importLiteLLM(json, { source: file });
      return { catalog: imported.catalog, format: "litellm", unmapped: imported.unmapped };
    } catch (e) {
      throw e instanceof CatalogError ? e.inFile(file) : e;
    }
  }
  return { catalog: validateCatalog(json, file), format: "tokenomics" };
}

/** validate a parsed Tokenomics catalog (schema, then rules the schema cannot say) */
export function validateCatalog(json: unknown, file: string): CatalogFile {
  const result = CatalogFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = locate(json, issue.path);
    throw new CatalogError(`${where.field || "(top level)"}: ${issue.message}`, { file, ...where });
  }
  const catalog = result.data;
  const seen = new Set<string>();
  catalog.models?.forEach((m, i) => {
    const where = { file, entry: m.id };
    if (seen.has(m.id.toLowerCase())) throw new CatalogError(`models[${i}].id: duplicate id`, { ...where, field: `models[${i}].id` });
    seen.add(m.id.toLowerCase());
    const dates = m.prices.map((p) => p.from);
    dates.forEach((d, j) => {
      if (j > 0 && d <= dates[j - 1]!) {
        throw new CatalogError(`models[${i}].prices[${j}].from: ${d} must come after ${dates[j - 1]} (versions in date order, one per date)`, {
          ...where,
          field: `models[${i}].prices[${j}].from`,
        });
      }
    });
  });
  return catalog;
}

/** the entry (model id or alias) and a readable field path for a schema issue's path */
function locate(json: unknown, path: readonly PropertyKey[]): { entry?: string; field: string } {
  const field = path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
  const [list, index] = path;
  if (typeof index === "number" && json && typeof json === "object") {
    const item = (json as Record<string, unknown[]>)[String(list)]?.[index] as Record<string, unknown> | undefined;
    const name = item?.id ?? item?.alias ?? item?.name;
    if (typeof name === "string") return { entry: name, field };
  }
  return { field };
}
