/**
 * A user's own model and hardware cards (a JSON or YAML file, parsed by the interface that reads
 * it): `{"models": [ModelCard…], "gpus": [GpuCard…]}`, validated here. A card with a built-in id
 * replaces the built-in one.
 */
import { z } from "zod";
import { InputError } from "../shared/input-error.js";
import type { GpuCard, ModelCard } from "./cards.js";

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, '.', '_' or '-'");
const count = z.number().int().positive();
const positive = z.number().positive();

const modelCard = z
  .object({
    id,
    name: z.string().min(1).optional(),
    parameters: positive,
    active_parameters: positive.optional(),
    layers: count,
    hidden_size: count,
    attention_heads: count,
    kv_heads: count,
    head_dim: count,
    v_head_dim: count.optional(),
    max_context: count,
    experts: z.object({ total: count, active: count }).optional(),
    mla: z.object({ kv_lora_rank: count, rope_head_dim: z.number().int().min(0) }).optional(),
    source: z.string().min(1).optional(),
    notes: z.string().optional(),
  })
  .strict()
  .refine((m) => (m.active_parameters ?? m.parameters) <= m.parameters, { message: "active_parameters is more than parameters", path: ["active_parameters"] })
  .refine((m) => !m.experts || m.experts.active <= m.experts.total, { message: "experts.active is more than experts.total", path: ["experts"] });

const gpuCard = z
  .object({
    id,
    name: z.string().min(1).optional(),
    tflops: z
      .object({ bf16: positive.optional(), fp16: positive.optional(), fp8: positive.optional(), int8: positive.optional() })
      .strict()
      .refine((t) => Object.keys(t).length > 0, "give at least one precision's peak"),
    memory_gb: positive,
    bandwidth_tb_s: positive,
    watts: positive,
    usd_per_hour: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .pipe(z.string().regex(/^\d+(\.\d+)?$/, "a decimal like 2.99")),
    source: z.string().min(1).optional(),
    notes: z.string().optional(),
  })
  .strict();

const cardsFile = z.object({ models: z.array(modelCard).optional(), gpus: z.array(gpuCard).optional() }).strict();

export interface UserCards {
  models: ModelCard[];
  gpus: GpuCard[];
}

/**
 * The cards of a parsed file, or an InputError naming the file and the field.
 * @example validateCards({ gpus: [{ id: "my-gpu", tflops: { bf16: 100 }, … }] }, "cards.yaml")
 */
export function validateCards(data: unknown, where: string): UserCards {
  const parsed = cardsFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${where}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  const models = (parsed.data.models ?? []).map(
    (m): ModelCard => ({ ...m, name: m.name ?? m.id, active_parameters: m.active_parameters ?? m.parameters, source: m.source ?? where }),
  );
  const gpus = (parsed.data.gpus ?? []).map((g): GpuCard => ({ ...g, name: g.name ?? g.id, source: g.source ?? where }));
  return { models, gpus };
}
