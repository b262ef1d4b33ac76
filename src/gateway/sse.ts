/**
 * Server-sent events, split as they stream: bytes in, whole events out, each with its exact raw
 * bytes (so the gateway forwards what the provider sent, untouched) and its `data` text.
 */

export interface SseEvent {
  /** the event's bytes including its terminating blank line */
  raw: Buffer;
  /** the `event:` field, when present (Anthropic names its events) */
  event?: string;
  /** the `data:` lines joined with newlines, when present */
  data?: string;
}

const LF = 0x0a;
/** an "event" longer than this is garbage, not SSE: it is passed on as it is, unparsed */
const MAX_EVENT_BYTES = 1 << 20;

/**
 * Feeds bytes, gets complete events. Lines may end in LF or CRLF; an event ends at a blank line.
 *
 * @example
 * const sse = new SseSplitter();
 * sse.push(Buffer.from('data: {"a":1}\n\nda')); // [{ data: '{"a":1}', raw: … }]
 * sse.push(Buffer.from('ta: [DONE]\n\n'));      // [{ data: "[DONE]", raw: … }]
 */
export class SseSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SseEvent[] {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: SseEvent[] = [];
    let start = 0;
    let lineStart = 0;
    for (let i = buf.indexOf(LF); i !== -1; i = buf.indexOf(LF, i + 1)) {
      const blank = i === lineStart || (i === lineStart + 1 && buf[lineStart] === 0x0d);
      if (blank && lineStart > start) {
        events.push(parseEvent(buf.subarray(start, i + 1)));
        start = i + 1;
      } else if (blank) {
        // stray blank lines between events belong to no event
        start = i + 1;
      }
      lineStart = i + 1;
    }
    this.pending = Buffer.from(buf.subarray(start));
    if (this.pending.length > MAX_EVENT_BYTES) {
      events.push({ raw: this.pending });
      this.pending = Buffer.alloc(0);
    }
    return events;
  }

  /** bytes of an event that never finished (the stream was cut) */
  get remainder(): Buffer {
    return this.pending;
  }
}

function parseEvent(raw: Buffer): SseEvent {
  const event: SseEvent = { raw };
  const data: string[] = [];
  for (const line of raw.toString("utf8").split(/\r?\n/)) {
    if (line.startsWith("data:")) data.push(line.slice(line[5] === " " ? 6 : 5));
    else if (line.startsWith("event:")) event.event = line.slice(line[6] === " " ? 7 : 6);
  }
  if (data.length > 0) event.data = data.join("\n");
  return event;
}
