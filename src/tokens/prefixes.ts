/**
 * A prompt's prefix boundaries, hashed: what prompt caching could reuse between two calls, found
 * later without keeping the text. The prompt is read in the order providers cache it (Anthropic:
 * tools, then system, then messages; OpenAI's exact-prefix cache sees the same order), each piece
 * chained into one SHA-256, and the hash taken at each boundary: after the tools, after the system
 * prompt, and after the first K messages for K = 1, 2, 4, 8… plus the last two (the whole prompt,
 * which the next turn of a conversation starts with, and the one before it).
 *
 * Token counts per boundary are the call's billed prompt tokens split in proportion to the
 * characters up to each boundary: no tokenizer runs on the gateway's path, and the last boundary
 * equals what the provider billed. Two calls hash the same up to a boundary only when they sent
 * the same JSON up to it (key order as sent: the SDKs send it consistently).
 */
import { createHash, type Hash } from "node:crypto";
import type { PromptPrefix } from "../usage/event.js";

/** the pieces of a request's prompt in cache order, or none when it has no chat-like prompt */
export function promptPieces(body: Readonly<Record<string, unknown>> | undefined): { tools?: unknown; system?: unknown; messages: unknown[] } | undefined {
  if (!body) return undefined;
  const tools = Array.isArray(body["tools"]) && body["tools"].length > 0 ? body["tools"] : undefined;
  let system: unknown[] | unknown = body["system"] ?? body["instructions"];
  let messages: unknown[];
  if (Array.isArray(body["messages"])) {
    messages = body["messages"] as unknown[];
    // OpenAI chat: the leading system or developer messages are the system prompt
    let lead = 0;
    while (lead < messages.length && isSystemMessage(messages[lead])) lead++;
    if (lead > 0 && system === undefined) {
      system = messages.slice(0, lead);
      messages = messages.slice(lead);
    }
  } else if (typeof body["input"] === "string") messages = [body["input"]];
  else if (Array.isArray(body["input"])) messages = body["input"] as unknown[];
  else return undefined;
  if (system === "" || (Array.isArray(system) && system.length === 0)) system = undefined;
  return { ...(tools !== undefined ? { tools } : {}), ...(system !== undefined ? { system } : {}), messages };
}

function isSystemMessage(m: unknown): boolean {
  if (typeof m !== "object" || m === null) return false;
  const role = (m as { role?: unknown }).role;
  return role === "system" || role === "developer";
}

/** 1, 2, 4, 8… below n, and n − 1 and n: a handful of boundaries whatever the conversation's length */
export function messageBoundaries(n: number): number[] {
  const out = new Set<number>();
  for (let k = 1; k < n; k *= 2) out.add(k);
  if (n > 1) out.add(n - 1);
  if (n > 0) out.add(n);
  return [...out].sort((a, b) => a - b);
}

/** digest size kept: 128 bits tell prefixes apart as well as the whole 256 */
const HASH_HEX_CHARS = 32;

/**
 * The prefix boundaries of a request's prompt, shortest first, with `promptTokens` (every billed
 * prompt token: uncached, cached and written) split over them; undefined when the request has no
 * prompt to cache (embeddings, a model list) or nothing was billed.
 */
export function promptPrefixes(body: Readonly<Record<string, unknown>> | undefined, promptTokens: number): PromptPrefix[] | undefined {
  const pieces = promptPieces(body);
  if (!pieces || promptTokens <= 0) return undefined;
  const hash = createHash("sha256");
  const marks: { boundary: string; chars: number; hash: string }[] = [];
  let chars = 0;
  const add = (piece: unknown): void => {
    const json = JSON.stringify(piece) ?? "null";
    // a length prefix keeps ["ab","c"] and ["a","bc"] apart
    hash.update(`${json.length}:${json}`);
    chars += json.length;
  };
  const mark = (boundary: string, h: Hash): void => {
    marks.push({ boundary, chars, hash: h.copy().digest("hex").slice(0, HASH_HEX_CHARS) });
  };
  if (pieces.tools !== undefined) {
    add(pieces.tools);
    mark("tools", hash);
  }
  if (pieces.system !== undefined) {
    add(pieces.system);
    mark("system", hash);
  }
  const wanted = new Set(messageBoundaries(pieces.messages.length));
  pieces.messages.forEach((m, i) => {
    add(m);
    if (wanted.has(i + 1)) mark(`messages:${i + 1}`, hash);
  });
  if (chars === 0) return undefined;
  return marks.map((m) => ({ boundary: m.boundary, tokens: Math.round((promptTokens * m.chars) / chars), hash: m.hash }));
}
