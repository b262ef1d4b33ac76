import type { CardSet } from "./card-set.js";
import { PRICE_BATCHES } from "./cost-plus.js";
import { Params } from "./params.js";
import { type ComputeRequest, readRequest } from "./request.js";

export interface PriceRequest {
  request: ComputeRequest;
  margin: string;
  batches: number[];
}

/**
 * `compute price`'s inputs: a request, `margin` in [0, 1) (default 0.3) and `batch` — one, a
 * comma-separated list, or none: 1, 8, 32, 128, 512 below the largest batch memory holds, and it.
 * Each batch is checked against memory as `compute cost` checks it.
 */
export function priceRequest(p: Params, cards: CardSet): PriceRequest {
  const asked = (p.string("batch") ?? "max").split(",").map((b) => b.trim());
  const withBatch = (batch: string): ComputeRequest => readRequest(new Params({ ...p.raw, batch }, p.name), cards);
  const requests = asked.map(withBatch);
  const request = requests[0]!;
  const margin = p.decimal("margin", "a fraction from 0 to below 1, like 0.3", (x) => x >= 0 && x < 1) ?? "0.3";
  const max = request.batch_asked === "max" ? request.batch : undefined;
  const batches = asked.length === 1 && max !== undefined ? [...PRICE_BATCHES.filter((b) => b < max), max] : [...new Set(requests.map((r) => r.batch))];
  return { request, margin, batches };
}
