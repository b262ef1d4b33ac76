import { InputError } from "../shared/input-error.js";
import type { GpuCard, ModelCard } from "./cards.js";
import type { UserCards } from "./cards-schema.js";
import { GPU_CARDS } from "./gpu-cards.js";
import { MODEL_CARDS } from "./model-cards.js";

/**
 * The cards a calculation may name: the built-in ones, with a user's on top (same id replaces).
 * @example new CardSet().model("llama-3.1-70b", "--model").layers // 80
 */
export class CardSet {
  readonly models: readonly ModelCard[];
  readonly gpus: readonly GpuCard[];

  constructor(user: UserCards = { models: [], gpus: [] }) {
    this.models = layered(MODEL_CARDS, user.models);
    this.gpus = layered(GPU_CARDS, user.gpus);
  }

  /** the model card `id`, else an InputError naming `flag` and the known ids */
  model(id: string, flag: string): ModelCard {
    const found = this.models.find((m) => m.id === id.trim().toLowerCase());
    if (!found) throw new InputError(`${flag}: unknown model ${JSON.stringify(id)} (known: ${this.models.map((m) => m.id).join(", ")})`);
    return found;
  }

  /** the GPU card `id`, else an InputError naming `flag` and the known ids */
  gpu(id: string, flag: string): GpuCard {
    const found = this.gpus.find((g) => g.id === id.trim().toLowerCase());
    if (!found) throw new InputError(`${flag}: unknown GPU ${JSON.stringify(id)} (known: ${this.gpus.map((g) => g.id).join(", ")})`);
    return found;
  }
}

function layered<T extends { id: string }>(builtin: readonly T[], user: readonly T[]): T[] {
  const byId = new Map(builtin.map((c) => [c.id, c]));
  for (const c of user) byId.set(c.id, c);
  return [...byId.values()];
}
