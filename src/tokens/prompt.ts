/**
 * A prompt as a caller hands it over (plain text, a messages array, or a request body with
 * `messages` and `tools`), checked and counted for one model.
 */
import type { ChatMessage } from "./chat.js";
import { countForModel, type CountForModelOptions, type ModelTokenCount } from "./estimate.js";
import type { ToolDefinition } from "./tools.js";

export type Prompt = string | readonly ChatMessage[] | { messages: readonly ChatMessage[]; tools?: readonly ToolDefinition[] };

export interface ParsedPrompt {
  input: string | readonly ChatMessage[];
  tools?: readonly ToolDefinition[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkMessages(value: readonly unknown[]): readonly ChatMessage[] {
  value.forEach((message, i) => {
    if (!isRecord(message) || typeof message.role !== "string") throw new TypeError(`messages[${i}]: needs a string "role"`);
    const content = message.content;
    if (!(content === undefined || content === null || typeof content === "string" || Array.isArray(content))) {
      throw new TypeError(`messages[${i}].content: must be a string, an array of parts, or null`);
    }
    if (Array.isArray(content) && !content.every((part) => isRecord(part) && typeof part.type === "string")) {
      throw new TypeError(`messages[${i}].content: every part needs a string "type"`);
    }
    if (message.name !== undefined && typeof message.name !== "string") throw new TypeError(`messages[${i}].name: must be a string`);
  });
  return value as readonly ChatMessage[];
}

/**
 * Checks an untrusted prompt (e.g. parsed JSON) and splits it into counting input and tools.
 * @example parsePrompt({ messages: [{ role: "user", content: "hi" }] }) // { input: [...] }
 */
export function parsePrompt(prompt: unknown): ParsedPrompt {
  if (typeof prompt === "string") return { input: prompt };
  if (Array.isArray(prompt)) return { input: checkMessages(prompt) };
  if (isRecord(prompt) && Array.isArray(prompt.messages)) {
    const input = checkMessages(prompt.messages);
    if (prompt.tools === undefined) return { input };
    if (!Array.isArray(prompt.tools) || !prompt.tools.every((t) => isRecord(t) && typeof t.type === "string")) {
      throw new TypeError('tools: must be an array of objects with a string "type"');
    }
    return { input, tools: prompt.tools as readonly ToolDefinition[] };
  }
  throw new TypeError("prompt: expected text, a messages array, or an object with a messages array");
}

/**
 * Counts a prompt for a model: exact for OpenAI models, estimated with a range otherwise.
 * @example
 * await countPrompt({ messages: [{ role: "user", content: "hi" }] }, { model: "gpt-4o" });
 * // { tokens: 8, exact: true, ... }  (3 + 1 "user" + 1 "hi" + 3 reply priming)
 */
export async function countPrompt(prompt: unknown, options: CountForModelOptions): Promise<ModelTokenCount> {
  const { input, tools } = parsePrompt(prompt);
  return countForModel(input, tools === undefined ? options : { ...options, tools });
}
