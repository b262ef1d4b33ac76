/**
 * Model and hardware cards: the published figures the compute formulas read. Units are in the
 * field names; sizes are decimal (1 GB = 10⁹ bytes, 1 TB/s = 10¹² bytes/s, 1 TFLOPS = 10¹² FLOP/s).
 */

/** the number format of weights, KV cache and math */
export type Precision = "bf16" | "fp16" | "fp8" | "int8";

export const PRECISIONS: readonly Precision[] = ["bf16", "fp16", "fp8", "int8"];

/** bytes one value takes in a precision */
export const BYTES_PER_VALUE: Readonly<Record<Precision, number>> = { bf16: 2, fp16: 2, fp8: 1, int8: 1 };

export interface ModelCard {
  id: string;
  name: string;
  /** every weight, all experts included: what memory must hold */
  parameters: number;
  /** weights one token passes through (= parameters for a dense model) */
  active_parameters: number;
  layers: number;
  hidden_size: number;
  attention_heads: number;
  /** key/value heads (grouped-query attention: fewer than the attention heads) */
  kv_heads: number;
  /** per-head query/key width */
  head_dim: number;
  /** per-head value width, where it differs from head_dim (DeepSeek's MLA) */
  v_head_dim?: number;
  max_context: number;
  /** a mixture of experts: routed experts per layer, and how many each token uses */
  experts?: { total: number; active: number };
  /** multi-head latent attention: the cache holds one compressed latent (+ a RoPE key) per layer */
  mla?: { kv_lora_rank: number; rope_head_dim: number };
  /** the model card or config.json the figures come from */
  source: string;
  notes?: string;
}

export interface GpuCard {
  id: string;
  name: string;
  /** peak dense (no sparsity) tensor throughput per precision, TFLOPS (TOPS for int8) */
  tflops: Partial<Record<Precision, number>>;
  memory_gb: number;
  bandwidth_tb_s: number;
  /** board power (TDP), W */
  watts: number;
  /** default price of one GPU-hour, USD, a decimal string */
  usd_per_hour: string;
  source: string;
  notes?: string;
}
