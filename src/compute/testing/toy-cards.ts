import type { GpuCard, ModelCard } from "../cards.js";

/** a model small enough to compute by hand: 1e9 weights, 10 layers, 8 heads of 64, 2 KV heads */
export const TOY_MODEL: ModelCard = {
  id: "toy-1b",
  name: "Toy 1B",
  parameters: 1e9,
  active_parameters: 1e9,
  layers: 10,
  hidden_size: 512,
  attention_heads: 8,
  kv_heads: 2,
  head_dim: 64,
  max_context: 10000,
  source: "test",
};

/** 100 TFLOPS bf16, 200 fp8, 10 GB, 1 TB/s, 500 W, $2/h */
export const TOY_GPU: GpuCard = {
  id: "toy-gpu",
  name: "Toy GPU",
  tflops: { bf16: 100, fp8: 200 },
  memory_gb: 10,
  bandwidth_tb_s: 1,
  watts: 500,
  usd_per_hour: "2",
  source: "test",
};
