import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/tokenomics.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tokenomics-compute-"));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// a model and a GPU small enough to work out by hand: 1e9 weights, 10 layers, 8 heads of 64, 2 KV
// heads; 100 TFLOPS bf16, 10 GB, 1 TB/s, 500 W, $2 an hour
const cards = join(dir, "cards.yaml");
writeFileSync(
  cards,
  `models:
  - id: toy-1b
    parameters: 1000000000
    layers: 10
    hidden_size: 512
    attention_heads: 8
    kv_heads: 2
    head_dim: 64
    max_context: 10000
gpus:
  - id: toy-gpu
    tflops: { bf16: 100 }
    memory_gb: 10
    bandwidth_tb_s: 1
    watts: 500
    usd_per_hour: "2"
`,
);
const toy = ["--cards", cards, "--model", "toy-1b", "--gpu", "toy-gpu"];

describe("tokenomics compute cost", () => {
  it("prints the issue's JSON, figured by hand", () => {
    const r = run("compute", "cost", ...toy, "--batch", "1", "--input-tokens", "1000", "--output-tokens", "1000", "--utilization", "0.5", "--json");
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of [
      "model",
      "gpu",
      "gpus",
      "precision",
      "flops_per_token",
      "kv_bytes_per_token",
      "prefill_tokens_per_second",
      "decode_tokens_per_second",
      "tokens_per_second_used",
      "joules_per_token",
      "usd_per_million_tokens",
      "source",
    ])
      assert.ok(k in c, k);
    // decode at 1000 + 1000/2 = 1500 cached tokens: 2×1e9 + 2×10×1500×8×(64+64) = 2,030,720,000 FLOPs
    assert.equal(c.flops_per_token, 2_030_720_000);
    // 2×10×2×64×2
    assert.equal(c.kv_bytes_per_token, 5120);
    // prefill: 1000 × (2e9 + 2×10×500×1024) ÷ 1e14 = 0.0201024 s → 49,745.304 tokens/s
    assert.equal(c.prefill_tokens_per_second, 49745.304);
    // decode: (2e9 + 1500 × 5120) ÷ 1e12 = 2.00768e-3 s a token → 498.087 tokens/s
    assert.equal(c.decode_tokens_per_second, 498.087);
    // 2000 tokens in 0.0201024 + 1000 × 0.00200768 = 2.0277824 s
    assert.equal(c.tokens_per_second_used, 986.299);
    assert.equal(c.source, "roofline estimate");
    // 500 W ÷ 986.299
    assert.equal(c.joules_per_token, 0.507);
    // $2 ÷ (986.299 × 3600 × 0.5) × 10⁶ = 1.12654591…
    assert.equal(c.usd_per_million_tokens, "1.126546");
  });

  it("uses a measured throughput of the whole deployment when given one", () => {
    const r = run("compute", "cost", ...toy, "--gpus", "2", "--gpu-price", "2.99", "--utilization", "0.5", "--tokens-per-second", "1000", "--json");
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(c.source, "given: --tokens-per-second");
    // (2.99 × 2) ÷ (1000 × 3600 × 0.5) × 10⁶
    assert.equal(c.usd_per_million_tokens, "3.322222");
  });

  it("reads the built-in cards: Llama 3.1 70B's KV cache in BF16", () => {
    const r = run("compute", "cost", "--model", "llama-3.1-70b", "--gpu", "h100-sxm", "--gpus", "2", "--json");
    assert.equal(r.code, 0, r.stderr);
    // 2×80×8×128×2
    assert.equal((JSON.parse(r.stdout) as { kv_bytes_per_token: number }).kv_bytes_per_token, 327_680);
  });

  it("prints a table by default, naming where tokens/s came from", () => {
    const r = run("compute", "cost", ...toy, "--batch", "1", "--input-tokens", "1000", "--output-tokens", "1000");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /USD per million tokens \(u = 1\)\s+\$0\.563273/);
    assert.match(r.stdout, /tokens\/s from: roofline estimate/);
  });

  it("refuses bad input with exit code 2, naming the flag, without a stack", () => {
    const cases: [string[], RegExp][] = [
      [["--model", "gpt-9", "--gpu", "h100-sxm"], /--model: unknown model "gpt-9" \(known: llama-3.1-8b, /],
      [["--model", "llama-3.1-8b", "--gpu", "tpu-v5"], /--gpu: unknown GPU "tpu-v5" \(known: h100-sxm, /],
      [["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--utilization", "0"], /--utilization: expected a fraction above 0 and at most 1/],
      [["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--utilization", "1.2"], /--utilization:/],
      [
        ["--model", "llama-3.1-405b", "--gpu", "h100-sxm", "--gpus", "4"],
        /--gpus: llama-3.1-405b in bf16 needs 811.8 GB for its weights; 4 × h100-sxm hold 320 GB/,
      ],
      [["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--gpus", "many"], /--gpus: expected a whole number/],
      [["--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--tokens-per-second", "fast"], /--tokens-per-second: /],
      [["--gpu", "h100-sxm"], /--model: required/],
    ];
    for (const [args, message] of cases) {
      const r = run("compute", "cost", ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it("refuses a cards file with a bad field, naming it", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ gpus: [{ id: "g", tflops: {}, memory_gb: 1, bandwidth_tb_s: 1, watts: 1, usd_per_hour: "1" }] }));
    const r = run("compute", "cards", "--cards", bad);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--cards .*bad.json: gpus.0.tflops: give at least one precision's peak/);
  });
});

describe("tokenomics compute breakeven", () => {
  it("finds where self-hosting beats the catalog's price, by hand", () => {
    const r = run("compute", "breakeven", ...toy, "--tokens-per-second", "1000", "--utilization", "0.5", "--against", "gpt-4o-2024-08-06", "--json");
    assert.equal(r.code, 0, r.stderr);
    const b = JSON.parse(r.stdout) as Record<string, unknown>;
    // gpt-4o-2024-08-06: $2.50 in, $10 out; 0.75 × 2.5 + 0.25 × 10
    assert.equal(b.input_share, "0.75");
    assert.equal(b.api_usd_per_million_tokens, "4.375");
    // $2 ÷ 3.6M tokens an hour × 10⁶
    assert.equal(b.self_host_usd_per_million_tokens, "0.555556");
    // 0.5555… ÷ 4.375; $1,460 a month (730 h) ÷ 4.375 × 10⁶, rounded up
    assert.equal(b.breakeven_utilization, "0.126984");
    assert.equal(b.breakeven_tokens_per_month, 333_714_286);
    assert.equal(b.self_host_usd_per_month, "1460");
    // at u = 0.5: 1000 × 3600 × 730 × 0.5 = 1,314,000,000 tokens; × 4.375 ÷ 10⁶ at the API
    assert.deepEqual(b.at_utilization, {
      utilization: "0.5",
      tokens_per_month: 1_314_000_000,
      self_host_usd: "1460",
      api_usd: "5748.75",
      cheaper: "self-host",
    });
  });

  it("blends by --input-share and names a model the catalog lacks", () => {
    const r = run("compute", "breakeven", ...toy, "--tokens-per-second", "1000", "--input-share", "0.5", "--against", "gpt-4o-2024-08-06", "--json");
    assert.equal(r.code, 0, r.stderr);
    // 0.5 × 2.5 + 0.5 × 10
    assert.equal((JSON.parse(r.stdout) as { api_usd_per_million_tokens: string }).api_usd_per_million_tokens, "6.25");
    const missing = run("compute", "breakeven", ...toy, "--against", "no-such-model-x");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^tokenomics: --against: /);
    const none = run("compute", "breakeven", ...toy);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--against: required/);
  });
});

describe("tokenomics compute price", () => {
  it("prices batch work below interactive work at the same margin", () => {
    const r = run("compute", "price", ...toy, "--input-tokens", "1000", "--output-tokens", "1000", "--batch", "1,64", "--margin", "0.5", "--json");
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout) as { rows: { batch: number; price_usd_per_million_output: string; latency: string }[] };
    // batch 1: $2 ÷ (498.087 × 3600) × 10⁶ = 1.1153785…, ÷ (1 − 0.5)
    assert.deepEqual(
      p.rows.map((row) => [row.batch, row.latency, row.price_usd_per_million_output]),
      // batch 64: 64 ÷ ((2e9 + 64 × 1500 × 5120) ÷ 1e12) = 25,687.131 tokens/s; $2 ÷ (25,687.131 × 3600) × 10⁶ ÷ 0.5 = 0.0432556…
      [
        [1, "interactive", "2.230757"],
        [64, "batch", "0.043256"],
      ],
    );
  });
});

describe("tokenomics compute cards and calibrate", () => {
  it("lists the cards with their sources", () => {
    const r = run("compute", "cards", "--json");
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout) as { models: { id: string; source: string }[]; gpus: { id: string; source: string }[] };
    assert.deepEqual(
      c.gpus.map((g) => g.id),
      ["h100-sxm", "h200", "a100-80gb", "l40s", "mi300x", "b200"],
    );
    for (const id of ["llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "mixtral-8x7b", "qwen-2.5-72b", "deepseek-v3"])
      assert.ok(
        c.models.some((m) => m.id === id),
        id,
      );
    for (const card of [...c.models, ...c.gpus]) assert.match(card.source, /^https:\/\//);
  });

  it("reports the roofline's error against every published row", () => {
    const r = run("compute", "calibrate", "--csv");
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trim().split("\n");
    assert.equal(
      header,
      "model,gpu,gpus,precision,batch,input_len,output_len,tokens_per_second,watts,source,roofline_batch,roofline_tokens_per_second,error_pct",
    );
    assert.ok(rows.length >= 20);
    assert.ok(rows.some((row) => row.startsWith("llama-3.1-70b,h100-sxm,2,fp8,,1000,1000,4205,,https://github.com/NVIDIA/TensorRT-LLM/")));
  });
});
