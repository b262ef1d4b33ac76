/**
 * `compute price`: the per-token prices a provider would have to charge to make a target margin,
 * per batch size (the latency target). Input tokens are charged their prefill time, output tokens
 * their decode step: cost per million = $/h ÷ (tokens/s × 3600 × u) × 10⁶, price = cost ÷ (1 − margin).
 * The roofline throughput throughout (a measurement covers one batch, not the sweep).
 */
import type { ComputeRequest } from "./request.js";
import { decodeContext, decodeStep, prefill } from "./roofline.js";
import { D, money, round3, usdPerMillion } from "./money.js";

export interface PriceRow {
  batch: number;
  /** batch ≤ 8: a user waits on each token */
  latency: "interactive" | "batch";
  prefill_tokens_per_second: number;
  decode_tokens_per_second: number;
  /** seconds between a sequence's output tokens */
  seconds_per_output_token: number;
  cost_usd_per_million_input: string;
  cost_usd_per_million_output: string;
  price_usd_per_million_input: string;
  price_usd_per_million_output: string;
}

export interface PriceReport {
  model: string;
  gpu: string;
  gpus: number;
  precision: string;
  input_tokens: number;
  output_tokens: number;
  usd_per_gpu_hour: string;
  utilization: string;
  /** of the price: (price − cost) ÷ price */
  margin: string;
  rows: PriceRow[];
}

/** the batches priced when none is asked: interactive (1, 8) to the memory's limit */
export const PRICE_BATCHES = [1, 8, 32, 128, 512];

/**
 * @example costPlus(request, "0.4", [1, 64]).rows[1].price_usd_per_million_output // below rows[0]'s
 */
export function costPlus(r: ComputeRequest, margin: string, batches: readonly number[]): PriceReport {
  const d = r.deployment;
  const keep = new D(1).minus(margin);
  const context = decodeContext({ batch: 1, input_tokens: r.input_tokens, output_tokens: r.output_tokens });
  const rows = batches.map((batch): PriceRow => {
    const p = round3(prefill(d, batch, r.input_tokens).tokens_per_second);
    const step = decodeStep(d, batch, context);
    const out = round3(step.tokens_per_second);
    const costIn = usdPerMillion(r.usd_per_gpu_hour, d.gpus, p, r.utilization);
    const costOut = usdPerMillion(r.usd_per_gpu_hour, d.gpus, out, r.utilization);
    return {
      batch,
      latency: batch <= 8 ? "interactive" : "batch",
      prefill_tokens_per_second: p,
      decode_tokens_per_second: out,
      seconds_per_output_token: Math.round(step.seconds * 1e6) / 1e6,
      cost_usd_per_million_input: money(costIn),
      cost_usd_per_million_output: money(costOut),
      price_usd_per_million_input: money(costIn.div(keep)),
      price_usd_per_million_output: money(costOut.div(keep)),
    };
  });
  return {
    model: d.model.id,
    gpu: d.gpu.id,
    gpus: d.gpus,
    precision: d.precision,
    input_tokens: r.input_tokens,
    output_tokens: r.output_tokens,
    usd_per_gpu_hour: r.usd_per_gpu_hour,
    utilization: r.utilization,
    margin,
    rows,
  };
}
