import type { GpuCard } from "./cards.js";

/**
 * Built-in hardware cards: dense (no sparsity) peak tensor throughput, from each vendor's
 * datasheet (datasheets print the 2:4-sparse figure; dense is half of it). `usd_per_hour` is an
 * assumed typical on-demand price of one GPU-hour (approximate, 2025): give yours with --gpu-price.
 */
export const GPU_CARDS: readonly GpuCard[] = [
  {
    id: "h100-sxm",
    name: "NVIDIA H100 SXM 80GB",
    tflops: { bf16: 989, fp16: 989, fp8: 1979, int8: 1979 },
    memory_gb: 80,
    bandwidth_tb_s: 3.35,
    watts: 700,
    usd_per_hour: "2.99",
    source: "https://www.nvidia.com/en-us/data-center/h100/",
  },
  {
    id: "h200",
    name: "NVIDIA H200 SXM 141GB",
    tflops: { bf16: 989, fp16: 989, fp8: 1979, int8: 1979 },
    memory_gb: 141,
    bandwidth_tb_s: 4.8,
    watts: 700,
    usd_per_hour: "3.79",
    source: "https://www.nvidia.com/en-us/data-center/h200/",
  },
  {
    id: "a100-80gb",
    name: "NVIDIA A100 SXM 80GB",
    tflops: { bf16: 312, fp16: 312, int8: 624 },
    memory_gb: 80,
    bandwidth_tb_s: 2.039,
    watts: 400,
    usd_per_hour: "1.79",
    source: "https://www.nvidia.com/en-us/data-center/a100/",
    notes: "no FP8 tensor cores",
  },
  {
    id: "l40s",
    name: "NVIDIA L40S 48GB",
    tflops: { bf16: 362, fp16: 362, fp8: 733, int8: 733 },
    memory_gb: 48,
    bandwidth_tb_s: 0.864,
    watts: 350,
    usd_per_hour: "1.00",
    source: "https://www.nvidia.com/en-us/data-center/l40s/",
  },
  {
    id: "mi300x",
    name: "AMD Instinct MI300X 192GB",
    tflops: { bf16: 1307, fp16: 1307, fp8: 2615, int8: 2615 },
    memory_gb: 192,
    bandwidth_tb_s: 5.3,
    watts: 750,
    usd_per_hour: "2.50",
    source: "https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html",
  },
  {
    id: "b200",
    name: "NVIDIA B200 180GB",
    tflops: { bf16: 2250, fp16: 2250, fp8: 4500, int8: 4500 },
    memory_gb: 180,
    bandwidth_tb_s: 8,
    watts: 1000,
    usd_per_hour: "5.99",
    source: "https://www.nvidia.com/en-us/data-center/dgx-b200/",
    notes: "per GPU of a DGX B200 (8 GPUs: 72 PFLOPS FP8 training, 1,440 GB, 64 TB/s); approximate",
  },
];
