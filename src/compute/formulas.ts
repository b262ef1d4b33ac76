/**
 * The physics of a token: FLOPs, bytes of KV cache and weights, and what memory holds. Floats
 * (these are estimates); money never passes through here.
 */
import { BYTES_PER_VALUE, type ModelCard, type Precision } from "./cards.js";

/**
 * Forward-pass FLOPs of one token that attends to `context` earlier tokens:
 * 2 × active parameters (a multiply and an add per weight) + the attention term
 * 2 × layers × context × attention heads × (head_dim + v_head_dim) (QKᵀ and the weighted sum of V).
 *
 * @example flopsPerToken(llama70b, 1000) // 2×70.6e9 + 2×80×1000×64×256 = 143,821,440,000
 */
export function flopsPerToken(model: ModelCard, context: number): number {
  const vDim = model.v_head_dim ?? model.head_dim;
  return 2 * model.active_parameters + 2 * model.layers * context * model.attention_heads * (model.head_dim + vDim);
}

/**
 * Bytes of KV cache one token holds: 2 (K and V) × layers × KV heads × head_dim × bytes per value;
 * with multi-head latent attention, layers × (kv_lora_rank + rope_head_dim) × bytes per value.
 *
 * @example kvBytesPerToken(llama70b, "bf16") // 2×80×8×128×2 = 327,680
 */
export function kvBytesPerToken(model: ModelCard, precision: Precision): number {
  const bytes = BYTES_PER_VALUE[precision];
  if (model.mla) return model.layers * (model.mla.kv_lora_rank + model.mla.rope_head_dim) * bytes;
  return 2 * model.layers * model.kv_heads * model.head_dim * bytes;
}

/** bytes the weights take in memory (every expert of a mixture) */
export function weightBytes(model: ModelCard, precision: Precision): number {
  return model.parameters * BYTES_PER_VALUE[precision];
}

/**
 * Bytes of weights one decode step reads for a batch: all of a dense model; for a mixture of
 * experts, the shared weights plus each expert some token of the batch routes to, with uniform,
 * independent routing: parameters − (parameters − active) × (1 − k/E)^(batch − 1).
 *
 * @example weightBytesReadPerStep(mixtral, "bf16", 1) // active only: 12.9e9 × 2
 */
export function weightBytesReadPerStep(model: ModelCard, precision: Precision, batch: number): number {
  const bytes = BYTES_PER_VALUE[precision];
  if (!model.experts) return model.parameters * bytes;
  const idle = (1 - model.experts.active / model.experts.total) ** (batch - 1);
  return (model.parameters - (model.parameters - model.active_parameters) * idle) * bytes;
}

/**
 * The largest batch whose KV cache fits beside the weights at a context length:
 * ⌊(memory − weights) ÷ (context × KV bytes per token)⌋; 0 when nothing fits. All memory but the
 * weights goes to the cache (activations and the runtime's own overhead are not reserved).
 */
export function maxBatch(model: ModelCard, precision: Precision, memoryBytes: number, context: number): number {
  const free = memoryBytes - weightBytes(model, precision);
  if (free <= 0) return 0;
  return Math.floor(free / (context * kvBytesPerToken(model, precision)));
}
