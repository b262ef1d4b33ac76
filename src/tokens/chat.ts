/**
 * Prompt tokens of an OpenAI chat request, the way OpenAI bills them.
 *
 * Source: OpenAI Cookbook, "How to count tokens with tiktoken" (examples/
 * How_to_count_tokens_with_tiktoken.ipynb, `num_tokens_from_messages`): every message costs
 * 3 tokens plus the tokens of each of its string values (role, content, name), a `name` costs
 * 1 more, and every reply is primed with 3 (<|start|>assistant<|message|>). The cookbook
 * checked this against the API (its example: 129 prompt tokens on gpt-3.5-turbo and gpt-4,
 * 124 on gpt-4o and gpt-4o-mini); gpt-3.5-turbo-0301 used 4 per message and -1 per name.
 */
import { loadEncoding, type Counter, type EncodingName } from "./encodings.js";
import { openAIImageTokens, type ImageDetail } from "./images.js";
import { encodingForModel, normalizeOpenAIModel } from "./models.js";
import { countToolTokens, toolRuleFor, type ToolDefinition } from "./tools.js";

export interface TextPart {
  type: "text" | "input_text" | "output_text";
  text: string;
}

/** an image part; width/height are not part of the API, callers add them when they know them */
export interface ImagePart {
  type: "image_url" | "input_image";
  image_url?: string | { url?: string; detail?: ImageDetail; width?: number; height?: number };
  detail?: ImageDetail;
  width?: number;
  height?: number;
}

export type ContentPart = TextPart | ImagePart | { type: string; [key: string]: unknown };

export interface ToolCall {
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: string;
  content?: string | readonly ContentPart[] | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: readonly ToolCall[];
}

export interface ChatCountOptions {
  model: string;
  tools?: readonly ToolDefinition[];
  /** how to count images whose detail is "auto" or unset; uncounted when omitted */
  autoDetail?: "low" | "high";
}

/** a part that contributes an unknown number of tokens */
export interface UncountedPart {
  message: number;
  part: number;
  type: string;
  reason: string;
}

export interface ChatTokenCount {
  /** tokens of the text the caller wrote: contents, names, tool-call ids and arguments */
  messages: number;
  /** tokens the chat format adds: per-message overhead, role names, +1 per name, reply priming */
  framing: number;
  /** tokens of the tool definitions */
  tools: number;
  /** tokens of images counted with OpenAI's tile rule */
  images: number;
  total: number;
  encoding: EncodingName;
  /** parts left out of `total` (images without a known rule or size, audio, files) */
  uncounted: UncountedPart[];
  /** why `total` may differ from the bill even without uncounted parts; empty when verified */
  approximations: string[];
}

interface MessageRule {
  perMessage: number;
  perName: number;
  replyPriming: number;
  verified: boolean;
}

// the cookbook lists the models it verified; other chat models are assumed to follow the
// current rule, which every model since gpt-3.5-turbo-0613 has shared
const MESSAGE_RULES: readonly (readonly [RegExp, MessageRule])[] = [
  [/^gpt-3\.5-turbo-0301$/, { perMessage: 4, perName: -1, replyPriming: 3, verified: true }],
  [/^(?:gpt-3\.5-turbo|gpt-35-turbo|gpt-4$|gpt-4-0613|gpt-4-0314|gpt-4-32k|gpt-4o)/, { perMessage: 3, perName: 1, replyPriming: 3, verified: true }],
  [/./, { perMessage: 3, perName: 1, replyPriming: 3, verified: false }],
];

function messageRuleFor(modelId: string): MessageRule {
  const id = normalizeOpenAIModel(modelId);
  return MESSAGE_RULES.find(([pattern]) => pattern.test(id))?.[1] ?? { perMessage: 3, perName: 1, replyPriming: 3, verified: false };
}

function imageSpec(part: ImagePart, autoDetail: "low" | "high" | undefined) {
  const inner = typeof part.image_url === "object" ? part.image_url : undefined;
  const detail = part.detail ?? inner?.detail;
  return {
    detail: detail === undefined || detail === "auto" ? (autoDetail ?? detail) : detail,
    width: part.width ?? inner?.width,
    height: part.height ?? inner?.height,
  };
}

/**
 * Counts a chat request with an already loaded encoding (synchronous).
 * @example
 * const o200k = await loadEncoding("o200k_base");
 * countChatWith(o200k, [{ role: "user", content: "hi" }], { model: "gpt-4o" }).total;
 * // 3 (message) + 1 ("user") + 1 ("hi") + 3 (reply priming) = 8
 */
export function countChatWith(counter: Counter, messages: readonly ChatMessage[], options: ChatCountOptions): ChatTokenCount {
  const rule = messageRuleFor(options.model);
  const approximations: string[] = [];
  const uncounted: UncountedPart[] = [];
  if (!rule.verified) approximations.push(`message framing for ${options.model} assumed from the cookbook's rule`);
  let text = 0;
  let framing = rule.replyPriming;
  let images = 0;

  messages.forEach((message, m) => {
    framing += rule.perMessage + counter.count(message.role);
    if (typeof message.name === "string") {
      text += counter.count(message.name);
      framing += rule.perName;
    }
    const content = message.content;
    if (typeof content === "string") {
      text += counter.count(content);
    } else if (Array.isArray(content)) {
      // the cookbook covers string content only; text parts are counted as if concatenated
      approximations.push(`message ${m}: content parts`);
      content.forEach((part: ContentPart, p: number) => {
        if (typeof (part as TextPart).text === "string" && /text$/.test(part.type)) {
          text += counter.count((part as TextPart).text);
        } else if (part.type === "image_url" || part.type === "input_image") {
          const result = openAIImageTokens(options.model, imageSpec(part as ImagePart, options.autoDetail));
          if (result.tokens === undefined) uncounted.push({ message: m, part: p, type: part.type, reason: result.reason });
          else images += result.tokens;
        } else {
          uncounted.push({ message: m, part: p, type: part.type, reason: "no offline token rule for this part type" });
        }
      });
    }
    if (typeof message.tool_call_id === "string") {
      text += counter.count(message.tool_call_id);
      approximations.push(`message ${m}: tool_call_id`);
    }
    if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
      // the chat template for tool calls is not public: count names and arguments only
      for (const call of message.tool_calls) text += counter.count(call.function.name) + counter.count(call.function.arguments);
      approximations.push(`message ${m}: tool_calls (names and arguments only)`);
    }
  });

  let tools = 0;
  if (options.tools !== undefined && options.tools.length > 0) {
    const toolRule = toolRuleFor(options.model);
    const result = countToolTokens(counter, options.tools, toolRule.constants);
    tools = result.tokens;
    if (!toolRule.verified) approximations.push(`tool constants for ${options.model} assumed from the cookbook's`);
    approximations.push(...result.approximations);
    for (const index of result.uncounted) {
      uncounted.push({ message: -1, part: index, type: options.tools[index]?.type ?? "tool", reason: "built-in tool: not counted" });
    }
  }

  return {
    messages: text,
    framing,
    tools,
    images,
    total: text + framing + tools + images,
    encoding: counter.encoding,
    uncounted,
    approximations,
  };
}

/**
 * Counts a chat request for an OpenAI model, loading its encoding on first use.
 * @example
 * const r = await countChatTokens([{ role: "user", content: "hi" }], { model: "gpt-4o" });
 * r.total; // 8 = 3 + 1 ("user") + 1 ("hi") + 3
 */
export async function countChatTokens(messages: readonly ChatMessage[], options: ChatCountOptions): Promise<ChatTokenCount> {
  const encoding = encodingForModel(options.model);
  if (encoding === undefined) throw new RangeError(`not an OpenAI model: ${options.model} (use countForModel for estimates)`);
  return countChatWith(await loadEncoding(encoding), messages, options);
}
