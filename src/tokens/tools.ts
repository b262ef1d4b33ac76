/**
 * Prompt tokens that OpenAI charges for function/tool definitions.
 *
 * Source: OpenAI Cookbook, "How to count tokens with tiktoken" (examples/
 * How_to_count_tokens_with_tiktoken.ipynb, section 7, `num_tokens_for_tools`). Its constants
 * were checked there against the API's prompt_tokens: 101 for gpt-4o and gpt-4o-mini, 105 for
 * gpt-3.5-turbo and gpt-4 on the same request. The rule covers top-level properties with a
 * type, description and optional enum; anything richer is counted by the same rule and
 * reported as an approximation.
 */
import type { Counter } from "./encodings.js";
import { normalizeOpenAIModel } from "./models.js";

/** the cookbook's per-structure overheads */
export interface ToolConstants {
  funcInit: number;
  propInit: number;
  propKey: number;
  enumInit: number;
  enumItem: number;
  funcEnd: number;
}

/** cookbook constants for the gpt-4o/gpt-4o-mini family */
export const GPT_4O_TOOL_CONSTANTS: ToolConstants = {
  funcInit: 7,
  propInit: 3,
  propKey: 3,
  enumInit: -3,
  enumItem: 3,
  funcEnd: 12,
};

/** cookbook constants for gpt-3.5-turbo and gpt-4 */
export const GPT_4_TOOL_CONSTANTS: ToolConstants = { ...GPT_4O_TOOL_CONSTANTS, funcInit: 10 };

interface ToolRule {
  constants: ToolConstants;
  verified: boolean;
}

// the cookbook verified gpt-4o, gpt-4o-mini, gpt-3.5-turbo and gpt-4; other models of the same
// encoding get the same constants, flagged as unverified
const TOOL_RULES: readonly (readonly [RegExp, ToolRule])[] = [
  [/^gpt-4o/, { constants: GPT_4O_TOOL_CONSTANTS, verified: true }],
  [/^(?:gpt-3\.5-turbo|gpt-35-turbo|gpt-4$|gpt-4-0613|gpt-4-0314)/, { constants: GPT_4_TOOL_CONSTANTS, verified: true }],
  [/^(?:gpt-4(?:-|$)|gpt-3\.5)/, { constants: GPT_4_TOOL_CONSTANTS, verified: false }],
  [/./, { constants: GPT_4O_TOOL_CONSTANTS, verified: false }],
];

/**
 * Which tool constants apply to a model, and whether the cookbook verified them for it.
 * @example toolRuleFor("gpt-4o-mini") // { constants: GPT_4O_TOOL_CONSTANTS, verified: true }
 */
export function toolRuleFor(modelId: string): ToolRule {
  const id = normalizeOpenAIModel(modelId);
  return TOOL_RULES.find(([pattern]) => pattern.test(id))?.[1] ?? { constants: GPT_4O_TOOL_CONSTANTS, verified: false };
}

/** one JSON-schema property as the API receives it */
export interface ToolProperty {
  type?: string | readonly string[];
  description?: string;
  enum?: readonly unknown[];
  [key: string]: unknown;
}

/** a function definition: the Chat Completions shape or the Responses API's flat shape */
export interface ToolFunction {
  name: string;
  description?: string;
  parameters?: { properties?: Record<string, ToolProperty>; [key: string]: unknown };
}

export type ToolDefinition = { type: "function"; function: ToolFunction } | ({ type: "function" } & ToolFunction) | { type: string; [key: string]: unknown };

export interface ToolTokens {
  tokens: number;
  /** why the count may differ from the bill; empty when the verified rule covered everything */
  approximations: string[];
  /** indexes of tools that are not functions (built-in tools): not counted */
  uncounted: number[];
}

// the cookbook drops one trailing period from descriptions
function trimPeriod(text: string): string {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}

function functionOf(tool: ToolDefinition): ToolFunction | undefined {
  if (tool.type !== "function") return undefined;
  const nested = (tool as { function?: unknown }).function;
  const fn = (typeof nested === "object" && nested !== null ? nested : tool) as Partial<ToolFunction>;
  return typeof fn.name === "string" ? (fn as ToolFunction) : undefined;
}

/**
 * Tokens for a `tools` array under the cookbook's `num_tokens_for_tools` rule.
 * @example
 * const o200k = await loadEncoding("o200k_base");
 * countToolTokens(o200k, [{ type: "function", function: { name: "ping" } }], GPT_4O_TOOL_CONSTANTS).tokens;
 * // 21 = 7 (func_init) + 2 ("ping:") + 12 (func_end); tools.test.ts works the cookbook's example
 */
export function countToolTokens(counter: Counter, tools: readonly ToolDefinition[], c: ToolConstants): ToolTokens {
  const approximations: string[] = [];
  const uncounted: number[] = [];
  let tokens = 0;
  let counted = 0;
  tools.forEach((tool, index) => {
    const fn = functionOf(tool);
    if (fn === undefined) {
      uncounted.push(index);
      return;
    }
    counted++;
    tokens += c.funcInit + counter.count(`${fn.name}:${trimPeriod(fn.description ?? "")}`);
    const properties = Object.entries(fn.parameters?.properties ?? {});
    if (properties.length === 0) return;
    tokens += c.propInit;
    for (const [key, prop] of properties) {
      tokens += c.propKey;
      if (Array.isArray(prop.enum)) {
        tokens += c.enumInit;
        for (const item of prop.enum) tokens += c.enumItem + counter.count(String(item));
      }
      const type = Array.isArray(prop.type) ? prop.type.join(",") : String(prop.type ?? "");
      if (Array.isArray(prop.type)) approximations.push(`${fn.name}.${key}: union type`);
      if (prop.properties !== undefined || prop.items !== undefined || prop.anyOf !== undefined) {
        approximations.push(`${fn.name}.${key}: nested schema counted as its top level only`);
      }
      tokens += counter.count(`${key}:${type}:${trimPeriod(prop.description ?? "")}`);
    }
  });
  if (counted > 0) tokens += c.funcEnd;
  return { tokens, approximations, uncounted };
}
