/**
 * A batch of one log's items as text, to pass between threads. Records as `readClaudeCodeLog`
 * makes them go as positional arrays (half the JSON of the objects, so half the time to write
 * and to read back); the file and the constant fields are written once per batch. Any item of
 * another shape, a reject included, goes as it is.
 */
import type { CallStatus, UsageRecord } from "../../usage/event.js";
import { USAGE_FIELDS } from "../../usage/usage.js";
import type { ImportItem } from "../importer.js";

const PROVIDER = "anthropic";
const KIND = "claude-code";

/** a record as an array: what varies from record to record, in this order */
type Packed = [
  id: string,
  ts: string,
  model: string,
  input: number,
  cached_input: number,
  cache_write: number,
  cache_write_1h: number,
  output: number,
  reasoning: number,
  audio_input: number,
  audio_output: number,
  images: number,
  audio_seconds: number,
  web_searches: number,
  requests: number,
  project: string,
  tags: Record<string, string>,
  session: string | null,
  status: CallStatus,
  tier: string | null,
  convention: string,
  raw: unknown,
  line: number,
];

/** the number of own enumerable keys, without making an array */
function keys(o: object): number {
  let n = 0;
  for (const key in o) if (key !== undefined) n++;
  return n;
}

/** the record as an array, when it is exactly of the shape `unpack` rebuilds */
function pack(r: UsageRecord, file: string): Packed | undefined {
  const { usage: u, attribution: a, interaction: i, request: q, source: s } = r;
  const fits =
    r.provider === PROVIDER &&
    s.kind === KIND &&
    s.file === file &&
    typeof s.line === "number" &&
    typeof a.project === "string" &&
    typeof a.tags === "object" &&
    typeof q.status === "string" &&
    keys(r) === 9 &&
    keys(u) === USAGE_FIELDS.length &&
    keys(a) === 2 &&
    keys(i) === (typeof i.session_id === "string" ? 1 : 0) &&
    keys(q) === (typeof q.service_tier === "string" ? 2 : 1) &&
    keys(s) === 5;
  if (!fits) return undefined;
  return [
    r.id,
    r.ts,
    r.model,
    u.input,
    u.cached_input,
    u.cache_write,
    u.cache_write_1h,
    u.output,
    u.reasoning,
    u.audio_input,
    u.audio_output,
    u.images,
    u.audio_seconds,
    u.web_searches,
    u.requests,
    a.project as string,
    a.tags as Record<string, string>,
    i.session_id ?? null,
    q.status as CallStatus,
    q.service_tier ?? null,
    s.convention,
    s.raw_usage,
    s.line as number,
  ];
}

function unpack(p: Packed, file: string): UsageRecord {
  return {
    id: p[0],
    ts: p[1],
    provider: PROVIDER,
    model: p[2],
    usage: {
      input: p[3],
      cached_input: p[4],
      cache_write: p[5],
      cache_write_1h: p[6],
      output: p[7],
      reasoning: p[8],
      audio_input: p[9],
      audio_output: p[10],
      images: p[11],
      audio_seconds: p[12],
      web_searches: p[13],
      requests: p[14],
    },
    attribution: { project: p[15], tags: p[16] },
    interaction: p[17] === null ? {} : { session_id: p[17] },
    request: p[19] === null ? { status: p[18] } : { status: p[18], service_tier: p[19] },
    source: { kind: KIND, convention: p[20], raw_usage: p[21], file, line: p[22] },
  };
}

/**
 * @example
 * const text = encodeItems(file, items); // in a worker
 * decodeItems(text); // deep-equal to items, on the main thread
 */
export function encodeItems(file: string, items: readonly ImportItem[]): string {
  return JSON.stringify({ file, items: items.map((item) => ("record" in item ? (pack(item.record, file) ?? item) : item)) });
}

export function decodeItems(text: string): ImportItem[] {
  const { file, items } = JSON.parse(text) as { file: string; items: (ImportItem | Packed)[] };
  return items.map((item) => (Array.isArray(item) ? { record: unpack(item, file) } : item));
}
