import type { Command } from "commander";
import {
  apiRates,
  breakeven,
  CALIBRATION_COLUMNS,
  calibrationReport,
  type CardSet,
  cliName,
  computeCost,
  costPlus,
  Params,
  priceRequest,
  readRequest,
  type RawParams,
} from "../../compute/index.js";
import { loadCatalog } from "../catalog.js";
import { loadCards } from "../compute-cards-file.js";
import { type Column, formatFrom, groupThousands, renderCsv, renderTable, usd } from "../output.js";

interface DeploymentFlags {
  model?: string;
  gpu?: string;
  gpus?: string;
  gpuPrice?: string;
  utilization?: string;
  precision?: string;
  batch?: string;
  context?: string;
  inputShare?: string;
  inputTokens?: string;
  outputTokens?: string;
  tokensPerSecond?: string;
  calibration?: boolean;
  cards?: string;
  json?: boolean;
  csv?: boolean;
}

/** the flags every calculation takes */
function deploymentOptions(c: Command): Command {
  return c
    .option("--model <id>", "model card id (tokenomics compute cards)")
    .option("--gpu <id>", "GPU card id")
    .option("--gpus <n>", "GPUs in the deployment (tensor-parallel)", "1")
    .option("--gpu-price <usd>", "USD per GPU-hour (default: the card's)")
    .option("--utilization <u>", "share of the hours doing work, in (0, 1]", "1")
    .option("--precision <p>", "bf16, fp16, fp8 or int8 (weights, KV cache and math)", "bf16")
    .option("--batch <n>", 'sequences served together, or "max": the largest memory holds (default)')
    .option("--context <n>", "tokens per sequence, input and output (default 2048)")
    .option("--input-share <s>", "share of those tokens that are input (default 0.75)")
    .option("--input-tokens <n>", "input tokens per sequence (with --output-tokens, instead of --context)")
    .option("--output-tokens <n>", "output tokens per sequence")
    .option("--tokens-per-second <n>", "measured input + output tokens/s of the whole deployment, replacing the estimate")
    .option("--no-calibration", "ignore the published measurements: the roofline only")
    .option("--cards <file>", "your own model and GPU cards (JSON or YAML)")
    .option("--json", "print JSON");
}

const raw = (f: DeploymentFlags, extra: Record<string, string | undefined> = {}): RawParams => ({
  model: f.model,
  gpu: f.gpu,
  gpus: f.gpus,
  gpu_price: f.gpuPrice,
  utilization: f.utilization,
  precision: f.precision,
  batch: f.batch,
  context: f.context,
  input_share: f.inputShare,
  input_tokens: f.inputTokens,
  output_tokens: f.outputTokens,
  tokens_per_second: f.tokensPerSecond,
  calibration: f.calibration === false ? "false" : undefined,
  ...extra,
});

const json = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const figures = (rows: [string, string | number | null][]): string =>
  renderTable(
    rows.map(([figure, value]) => ({ figure, value })),
    [
      { header: "figure", value: (r) => r.figure },
      { header: "value", value: (r) => (r.value === null ? "—" : r.value), align: "right" },
    ],
  );
const n = (x: number): string => (Number.isInteger(x) ? groupThousands(x) : x.toLocaleString("en-US", { maximumFractionDigits: 3 }));

export function registerCompute(program: Command): void {
  const compute = program.command("compute").description("what a token costs to make: roofline throughput, $/Mtok, break-even against an API");

  deploymentOptions(compute.command("cost").description("FLOPs, KV bytes, throughput, J/token and $/Mtok of a model on GPUs")).action((f: DeploymentFlags) => {
    const c = computeCost(readRequest(new Params(raw(f), cliName), loadCards(f.cards)));
    if (f.json) return json(c);
    process.stdout.write(
      figures([
        ["deployment", `${c.model} on ${c.gpus} × ${c.gpu}, ${c.precision}`],
        ["workload", `batch ${c.batch} × (${n(c.input_tokens)} in + ${n(c.output_tokens)} out)`],
        ["FLOPs per token", n(c.flops_per_token)],
        ["KV cache bytes per token", n(c.kv_bytes_per_token)],
        ["largest batch in memory", n(c.max_batch)],
        ["decode compute-bound from batch", c.compute_bound_batch === null ? "never" : n(c.compute_bound_batch)],
        ["prefill tokens/s", n(c.prefill_tokens_per_second)],
        [`decode tokens/s (${c.decode_bound}-bound)`, n(c.decode_tokens_per_second)],
        ["roofline tokens/s", n(c.roofline_tokens_per_second)],
        ["tokens/s used", n(c.tokens_per_second_used)],
        ["J per token", n(c.joules_per_token)],
        ["USD per hour", usd(c.usd_per_hour)],
        [`USD per million tokens (u = ${c.utilization})`, usd(c.usd_per_million_tokens)],
      ]),
    );
    process.stdout.write(`\ntokens/s from: ${c.source}\n`);
    if (c.calibration) process.stdout.write(`the roofline is ${c.calibration.roofline_error_pct}% off this measurement\n`);
  });

  deploymentOptions(compute.command("breakeven").description("where self-hosting beats an API model's price"))
    .option("--against <model>", "the API model in the price catalog")
    .action(async (f: DeploymentFlags & { against?: string }) => {
      const params = new Params(raw(f, { against: f.against }), cliName);
      const request = readRequest(params, loadCards(f.cards));
      const rates = apiRates(await loadCatalog(), params.required("against"), "--against");
      const b = breakeven(computeCost(request), rates, request.input_share);
      if (f.json) return json(b);
      process.stdout.write(
        figures([
          ["self-hosted", `${b.model} on ${b.gpus} × ${b.gpu}, ${b.precision}`],
          ["against", `${b.against} (input share ${b.input_share})`],
          ["API USD per million tokens", usd(b.api_usd_per_million_tokens)],
          ["self-host USD per million tokens (full use)", usd(b.self_host_usd_per_million_tokens)],
          ["self-host USD per month", usd(b.self_host_usd_per_month)],
          ["capacity, tokens per month", n(b.capacity_tokens_per_month)],
          ["break-even utilisation", b.breakeven_utilization ?? "never (the API is cheaper even at full use)"],
          ["break-even tokens per month", b.breakeven_tokens_per_month === null ? "—" : n(b.breakeven_tokens_per_month)],
          [`at u = ${b.at_utilization.utilization}: tokens per month`, n(b.at_utilization.tokens_per_month)],
          [`at u = ${b.at_utilization.utilization}: self-host USD`, usd(b.at_utilization.self_host_usd)],
          [`at u = ${b.at_utilization.utilization}: API USD`, usd(b.at_utilization.api_usd)],
          ["cheaper", b.at_utilization.cheaper],
        ]),
      );
      process.stdout.write(`\ntokens/s from: ${b.source}\n`);
    });

  deploymentOptions(compute.command("price").description("cost-plus prices per million input and output tokens at a margin, by batch size"))
    .option("--margin <m>", "target gross margin, a share of the price in [0, 1)", "0.3")
    .option("--csv", "print CSV")
    .action((f: DeploymentFlags & { margin?: string }) => {
      const { request, margin, batches } = priceRequest(new Params(raw(f, { margin: f.margin }), cliName), loadCards(f.cards));
      const p = costPlus(request, margin, batches);
      const format = formatFrom(f);
      if (format === "json") return json(p);
      const money = (v: string) => (format === "csv" ? v : usd(v));
      const columns: Column<(typeof p.rows)[number]>[] = [
        { header: "batch", value: (r) => String(r.batch), align: "right" },
        { header: "latency", value: (r) => r.latency },
        { header: "decode_tok_s", value: (r) => String(r.decode_tokens_per_second), align: "right" },
        { header: "s_per_token", value: (r) => String(r.seconds_per_output_token), align: "right" },
        { header: "cost_in_per_m", value: (r) => money(r.cost_usd_per_million_input), align: "right" },
        { header: "cost_out_per_m", value: (r) => money(r.cost_usd_per_million_output), align: "right" },
        { header: "price_in_per_m", value: (r) => money(r.price_usd_per_million_input), align: "right" },
        { header: "price_out_per_m", value: (r) => money(r.price_usd_per_million_output), align: "right" },
      ];
      if (format === "csv") return void process.stdout.write(renderCsv(p.rows, columns));
      process.stdout.write(renderTable(p.rows, columns));
      process.stdout.write(
        `\n${p.model} on ${p.gpus} × ${p.gpu} (${p.precision}) at ${usd(p.usd_per_gpu_hour)}/GPU-hour, u = ${p.utilization}, margin ${p.margin}: roofline\n`,
      );
    });

  compute
    .command("cards")
    .description("list the model and GPU cards")
    .option("--cards <file>", "your own model and GPU cards (JSON or YAML)")
    .option("--json", "print JSON")
    .action((f: { cards?: string; json?: boolean }) => {
      const cards = loadCards(f.cards);
      if (f.json) return json({ models: cards.models, gpus: cards.gpus });
      printCards(cards);
    });

  compute
    .command("calibrate")
    .description("the roofline against published measured throughputs: the error on each row")
    .option("--cards <file>", "your own model and GPU cards (JSON or YAML)")
    .option("--json", "print JSON")
    .option("--csv", "print CSV (the calibration rows and the roofline's figures)")
    .action((f: { cards?: string; json?: boolean; csv?: boolean }) => {
      const report = calibrationReport(loadCards(f.cards));
      const format = formatFrom(f);
      if (format === "json") return json(report);
      type Row = (typeof report.rows)[number];
      const base: Column<Row>[] = CALIBRATION_COLUMNS.map((k) => ({ header: k, value: (r: Row) => (r[k] === null ? "" : String(r[k])) }));
      const extra: Column<Row>[] = [
        { header: "roofline_batch", value: (r) => String(r.roofline_batch) },
        { header: "roofline_tokens_per_second", value: (r) => String(r.roofline_tokens_per_second) },
        { header: "error_pct", value: (r) => String(r.error_pct) },
      ];
      if (format === "csv") return void process.stdout.write(renderCsv(report.rows, [...base, ...extra]));
      const shown: Column<Row>[] = [
        { header: "model", value: (r) => r.model },
        { header: "gpus", value: (r) => `${r.gpus} × ${r.gpu}` },
        { header: "prec", value: (r) => r.precision },
        { header: "batch", value: (r) => r.batch ?? "max", align: "right" },
        { header: "in/out", value: (r) => `${r.input_len}/${r.output_len}`, align: "right" },
        { header: "measured_out_tok_s", value: (r) => r.tokens_per_second, align: "right" },
        { header: "roofline_out_tok_s", value: (r) => Math.round(r.roofline_tokens_per_second), align: "right" },
        { header: "error", value: (r) => `${r.error_pct > 0 ? "+" : ""}${r.error_pct}%`, align: "right" },
      ];
      process.stdout.write(renderTable(report.rows, shown));
      process.stdout.write(
        `\nmedian |error| ${report.median_abs_error_pct}%; measured ÷ roofline, median ${report.median_efficiency}. Sources: tokenomics compute calibrate --csv\n`,
      );
    });
}

function printCards(cards: CardSet): void {
  type M = CardSet["models"][number];
  type G = CardSet["gpus"][number];
  process.stdout.write(
    renderTable(cards.models, [
      { header: "model", value: (m: M) => m.id },
      { header: "params", value: (m: M) => `${m.parameters / 1e9}B`, align: "right" },
      { header: "active", value: (m: M) => `${m.active_parameters / 1e9}B`, align: "right" },
      { header: "layers", value: (m: M) => m.layers, align: "right" },
      { header: "hidden", value: (m: M) => m.hidden_size, align: "right" },
      { header: "heads", value: (m: M) => m.attention_heads, align: "right" },
      { header: "kv_heads", value: (m: M) => (m.mla ? "MLA" : m.kv_heads), align: "right" },
      { header: "head_dim", value: (m: M) => m.head_dim, align: "right" },
      { header: "context", value: (m: M) => m.max_context, align: "right" },
      { header: "source", value: (m: M) => m.source },
    ]),
  );
  process.stdout.write("\n");
  process.stdout.write(
    renderTable(cards.gpus, [
      { header: "gpu", value: (g: G) => g.id },
      { header: "bf16_tflops", value: (g: G) => g.tflops.bf16 ?? "", align: "right" },
      { header: "fp8_tflops", value: (g: G) => g.tflops.fp8 ?? "", align: "right" },
      { header: "memory_gb", value: (g: G) => g.memory_gb, align: "right" },
      { header: "tb_s", value: (g: G) => g.bandwidth_tb_s, align: "right" },
      { header: "watts", value: (g: G) => g.watts, align: "right" },
      { header: "usd_hour", value: (g: G) => usd(g.usd_per_hour), align: "right" },
      { header: "source", value: (g: G) => g.source },
    ]),
  );
}
