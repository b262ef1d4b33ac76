/**
 * Which of the log lines of one API response counts, as ccusage 20 decides it.
 *
 * Claude Code logs a response once per content block, each line with the same message id and
 * request id; while streaming, the early lines can carry partial usage (a smaller
 * `output_tokens`). ccusage's native build keeps, per response, the line with the largest
 * token total (on a tie, the larger output). A response's lines come in a burst, so a
 * response is held only until `window` further usage lines have gone by without it, then
 * released: memory stays bounded. A copy that turns up later (a resumed session repeating its
 * history) is dropped, as the ledger would drop an id it already holds.
 */
import type { UsageRecord } from "../../usage/event.js";
import { totalTokens } from "../../usage/usage.js";

/** a response's ids and usage read off the raw line, before (and instead of) parsing it */
export interface LineGuess {
  /** `cc:<message id>:<request id>` */
  id: string;
  /** the text of the line's `message.usage` object */
  usage: string;
}

interface Held {
  record: UsageRecord;
  total: number;
  /** the usage text confirmed for this response, when the guess was right */
  usage: string | undefined;
  lastSeen: number;
}

/** index of the `}` closing the object whose `{` is at `start`, skipping strings; -1 if none */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: jump to its closing quote
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return i;
  }
  return -1;
}

/**
 * Reads a line's message id, request id and usage text where Claude Code writes them (the
 * first `"id"` in `"message"`, the last `"requestId"`, the last `"usage"` object). Only a
 * guess: `ResponseDedupe` trusts it once a parsed line has shown it right for that response.
 *
 * @example
 * guessLine('{"message":{"id":"m1","usage":{"input_tokens":1}},"requestId":"r1"}');
 * // => { id: "cc:m1:r1", usage: '{"input_tokens":1}' }
 */
export function guessLine(text: string): LineGuess | undefined {
  const message = text.indexOf('"message":{');
  if (message === -1) return undefined;
  const id = text.indexOf('"id":"', message);
  const request = text.lastIndexOf('"requestId":"');
  const usage = text.lastIndexOf('"usage":{');
  if (id === -1 || request < message || usage < message) return undefined;
  const idEnd = text.indexOf('"', id + 6);
  const requestEnd = text.indexOf('"', request + 13);
  const usageEnd = objectEnd(text, usage + 8);
  if (idEnd === -1 || requestEnd === -1 || usageEnd === -1) return undefined;
  const key = `cc:${text.slice(id + 6, idEnd)}:${text.slice(request + 13, requestEnd)}`;
  // an escape inside: not a plain id, do not guess
  if (key.includes("\\")) return undefined;
  return { id: key, usage: text.slice(usage + 8, usageEnd + 1) };
}

/**
 * Holds each response until its lines have gone by, keeping the one that counts.
 *
 * @example
 * const dedupe = new ResponseDedupe();
 * for (const record of parsed) for (const r of dedupe.add(record)) yield r;
 * for (const r of dedupe.flush()) yield r;
 */
export class ResponseDedupe {
  private readonly held = new Map<string, Held>();
  private readonly released = new Set<string>();
  /** responses whose guessed usage text was checked against the parsed line */
  private readonly confirmed = new Set<string>();
  private lines = 0;

  constructor(private readonly window = 256) {}

  /**
   * Whether a line can be dropped unparsed: it repeats a response already released, or one
   * held with the very same usage text.
   *
   * @example if (guess && dedupe.isKnownRepeat(guess)) continue;
   */
  isKnownRepeat(guess: LineGuess): boolean {
    if (!this.confirmed.has(guess.id)) return false;
    if (this.released.has(guess.id)) return true;
    const held = this.held.get(guess.id);
    if (held === undefined || held.usage !== guess.usage) return false;
    held.lastSeen = this.lines;
    return true;
  }

  /**
   * Offers a parsed record (with the line's guess and raw usage, to confirm the guess) and
   * returns the records released by it.
   *
   * @example for (const r of dedupe.add(record, guess, rawUsage)) yield { record: r };
   */
  add(record: UsageRecord, guess?: LineGuess, rawUsage?: unknown): UsageRecord[] {
    this.lines++;
    const id = record.id;
    let usage: string | undefined;
    // the guess was right: its usage text is this line's usage object, written compactly as
    // Claude Code writes it (other writers' spacing just means no line is skipped)
    if (guess?.id === id && guess.usage === JSON.stringify(rawUsage)) {
      this.confirmed.add(id);
      usage = guess.usage;
    }
    if (!this.released.has(id)) {
      const total = totalTokens(record.usage);
      const held = this.held.get(id);
      if (held === undefined) this.held.set(id, { record, total, usage, lastSeen: this.lines });
      else {
        held.lastSeen = this.lines;
        if (total > held.total || (total === held.total && record.usage.output > held.record.usage.output)) {
          held.record = record;
          held.total = total;
          held.usage = usage;
        }
      }
    }
    return this.lines % this.window === 0 ? this.release(this.lines - this.window) : [];
  }

  /** everything still held (at the end of a file), in first-seen order */
  flush(): UsageRecord[] {
    return this.release(Infinity);
  }

  private release(before: number): UsageRecord[] {
    const out: UsageRecord[] = [];
    for (const [id, held] of this.held) {
      if (held.lastSeen > before) continue;
      out.push(held.record);
      this.held.delete(id);
      this.released.add(id);
    }
    return out;
  }
}
