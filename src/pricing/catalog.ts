import type { Adjustment, CatalogFile, ModelEntry, MovingAlias, PriceVersion } from "./catalog-schema.js";
import { editDistance, looseKey, nameCandidates, nameKey, type ResolvedVia } from "./names.js";

export type Resolution =
  | { ok: true; requested: string; model: ModelEntry; version: PriceVersion; via: ResolvedVia }
  | { ok: false; requested: string; reason: string; candidates: string[] };

type Indexed = { model: ModelEntry; via: ResolvedVia } | { alias: MovingAlias };
type Found = { entry: Indexed; via: ResolvedVia | undefined };

/**
 * The layered price catalog: built-in entries first, users' files on top. A later layer's model
 * replaces an earlier one with the same id; adjustments (discounts, markups) accumulate.
 *
 * @example
 * const catalog = Catalog.from(builtinCatalog(), myNegotiatedPrices);
 * catalog.resolve("openai/gpt-4o", "2024-09-01"); // → gpt-4o-2024-05-13, via moving alias
 */
export class Catalog {
  readonly models: readonly ModelEntry[];
  readonly aliases: readonly MovingAlias[];
  readonly adjustments: readonly Adjustment[];
  readonly layers: readonly string[];
  private readonly exact = new Map<string, Indexed>();
  private readonly loose = new Map<string, Indexed>();
  private readonly named = new Map<string, Found | null>();

  private constructor(files: readonly CatalogFile[]) {
    const byId = new Map<string, ModelEntry>();
    const aliases = new Map<string, MovingAlias>();
    const adjustments: Adjustment[] = [];
    for (const file of files) {
      for (const m of file.models ?? []) byId.set(nameKey(m.id), m);
      for (const a of file.aliases ?? []) aliases.set(nameKey(a.alias), a);
      adjustments.push(...(file.adjustments ?? []));
    }
    this.models = [...byId.values()];
    this.aliases = [...aliases.values()];
    this.adjustments = adjustments;
    this.layers = files.map((f, i) => f.catalog ?? `layer ${i + 1}`);
    // weakest names first, so a stronger claim on the same key wins
    for (const m of this.models) {
      for (const [, ids] of Object.entries(m.platform_ids ?? {})) for (const id of ids) this.add(id, { model: m, via: "platform" });
    }
    for (const m of this.models) for (const s of m.snapshots ?? []) this.add(s, { model: m, via: "snapshot" });
    for (const m of this.models) for (const a of m.aliases ?? []) this.add(a, { model: m, via: "alias" });
    for (const a of this.aliases) this.add(a.alias, { alias: a });
    for (const m of this.models) this.add(m.id, { model: m, via: "id" });
  }

  static from(...files: CatalogFile[]): Catalog {
    return new Catalog(files);
  }

  private add(name: string, entry: Indexed): void {
    const key = nameKey(name);
    this.exact.set(key, entry);
    this.loose.set(looseKey(key), entry);
  }

  /** the model entry with this canonical id */
  get(id: string): ModelEntry | undefined {
    const hit = this.exact.get(nameKey(id));
    return hit && "model" in hit && hit.via === "id" ? hit.model : undefined;
  }

  /**
   * A name as seen in logs (any case, provider prefix, platform id, dated snapshot) and a date →
   * the model and the price version in force then. Unknown names are never priced at zero:
   * they come back `ok: false` with the nearest known names.
   */
  resolve(name: string, at: string = today()): Resolution {
    const found = this.lookup(name);
    if (!found) {
      return { ok: false, requested: name, reason: `unknown model "${name}"`, candidates: this.nearest(name) };
    }
    const day = at.slice(0, 10);
    let model: ModelEntry;
    let via: ResolvedVia;
    if ("alias" in found.entry) {
      const target = latestFrom(found.entry.alias.targets, day);
      const targetModel = target && this.get(target.model);
      if (!target || !targetModel) {
        const first = found.entry.alias.targets[0]?.from;
        const reason = target
          ? `alias "${name}" points at "${target.model}", which is not in the catalog`
          : `"${name}" did not exist on ${day} (first ${first})`;
        return { ok: false, requested: name, reason, candidates: [] };
      }
      model = targetModel;
      via = "moving-alias";
    } else {
      model = found.entry.model;
      via = found.via ?? found.entry.via;
    }
    const version = latestFrom(model.prices, day);
    if (!version) {
      return {
        ok: false,
        requested: name,
        reason: `${model.id} has no price before ${model.prices[0]?.from} (asked for ${day})`,
        candidates: [],
      };
    }
    return { ok: true, requested: name, model, version, via };
  }

  private lookup(name: string): Found | null {
    let found = this.named.get(name);
    if (found === undefined) {
      found = null;
      for (const c of nameCandidates(name)) {
        const entry = this.exact.get(c.key) ?? this.loose.get(looseKey(c.key));
        if (entry) {
          found = { entry, via: c.via };
          break;
        }
      }
      this.named.set(name, found);
    }
    return found;
  }

  /** up to `limit` known ids closest to a name */
  nearest(name: string, limit = 3): string[] {
    const key = looseKey(nameCandidates(name).at(-1)?.key ?? nameKey(name));
    return this.models
      .map((m) => {
        const id = looseKey(nameKey(m.id));
        const contains = id.includes(key) || key.includes(id);
        return { id: m.id, score: editDistance(key, id) - (contains ? 100 : 0) };
      })
      .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map((c) => c.id);
  }

  /** models whose id, aliases, provider or host contain every word of the query */
  search(query = ""): ModelEntry[] {
    const words = nameKey(query).split(/\s+/).filter(Boolean);
    return this.models.filter((m) => {
      const hay = [m.id, m.provider, m.host ?? "", m.mode, ...(m.aliases ?? []), ...(m.snapshots ?? [])].join(" ").toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }
}

/** the entry in force on `day`: the latest whose `from` is not after it */
function latestFrom<T extends { from: string }>(entries: readonly T[], day: string): T | undefined {
  let best: T | undefined;
  for (const e of entries) if (e.from <= day && (!best || e.from >= best.from)) best = e;
  return best;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
