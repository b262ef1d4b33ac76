/**
 * The model a routing opportunity suggests: one step down in price from the same provider, with
 * the same tokenizer (so the recorded token counts carry over unchanged), preferring the
 * catalog's own family (gpt-4o → gpt-4o-mini) over a neighbour (claude-sonnet-4-5 → claude-haiku-4-5).
 */
import type { Catalog } from "../pricing/catalog.js";
import type { ModelEntry } from "../pricing/catalog-schema.js";
import { rateCard } from "../pricing/rate-card.js";
import { encodingForModel, familyForModel } from "../tokens/index.js";

const INPUT = 0;
const OUTPUT = 4;

/** the same tokenizer: the same exact OpenAI encoding, or the same estimated family elsewhere */
export function sameTokenizer(a: ModelEntry, b: ModelEntry): boolean {
  if (a.provider !== b.provider) return false;
  const ea = encodingForModel(a.id);
  const eb = encodingForModel(b.id);
  if (ea !== undefined || eb !== undefined) return ea === eb;
  return familyForModel(a.id, a.provider) === familyForModel(b.id, b.provider);
}

/** the cheaper model to try for `modelId` at `day`, or undefined when there is none */
export function cheaperModel(catalog: Catalog, modelId: string, day: string): ModelEntry | undefined {
  const current = catalog.get(modelId);
  if (!current) return undefined;
  const at = `${day}T12:00:00Z`;
  const rates = (id: string) => {
    const card = rateCard(catalog, id, at);
    return card.priced ? { input: card.rates[INPUT], output: card.rates[OUTPUT], scale: card.scale } : undefined;
  };
  const mine = rates(current.id);
  if (!mine || mine.input === undefined || mine.output === undefined) return undefined;
  // rates compared exactly, at one scale (cards differ in scale)
  const at20 = (r: bigint, scale: number): bigint => r * 10n ** BigInt(20 - scale);
  const myIn = at20(mine.input, mine.scale);
  const myOut = at20(mine.output, mine.scale);
  const candidates: { model: ModelEntry; cost: bigint }[] = [];
  for (const m of catalog.models) {
    if (m.id === current.id || m.mode !== current.mode || m.host !== current.host || !sameTokenizer(current, m)) continue;
    if (m.deprecated !== undefined && m.deprecated <= day) continue;
    const r = rates(m.id);
    if (!r || r.input === undefined || r.output === undefined) continue;
    const input = at20(r.input, r.scale);
    const output = at20(r.output, r.scale);
    // strictly cheaper on both input and output: a model dearer on either is not "cheaper" for every workload
    if (input < myIn && output < myOut) candidates.push({ model: m, cost: input + output });
  }
  const ownFamily = candidates.filter((c) => current.family !== undefined && c.model.family === current.family);
  const pool = ownFamily.length > 0 ? ownFamily : candidates;
  // one step down: the dearest of the cheaper ones (ties: the id, for a stable answer)
  pool.sort((a, b) => (a.cost === b.cost ? a.model.id.localeCompare(b.model.id) : a.cost > b.cost ? -1 : 1));
  return pool[0]?.model;
}
