/**
 * fast-check arbitraries for the gateway fuzz tests: what a careless or hostile client sends
 * (paths, methods, headers, bodies) and what a broken upstream answers (the simulator's x-sim-*
 * headers). Sizes stay under Node's 16 KiB header limit, which Node itself enforces with a 431.
 */
import fc from "fast-check";
import { utf8Header } from "./gateway-harness.js";

/** printable ASCII without space: what a request line's target may hold */
const pathChar = fc.mapToConstant({ num: 0x7e - 0x21 + 1, build: (v) => String.fromCharCode(0x21 + v) });

const SEGMENTS = [
  "v1",
  "chat",
  "completions",
  "responses",
  "messages",
  "embeddings",
  "count_tokens",
  "models",
  "api",
  "keys",
  "report",
  "stats",
  "traces",
  "images",
  "generations",
  "audio",
  "speech",
  "batches",
  "fine_tuning",
  "jobs",
  "healthz",
  "metrics",
  "..",
  ".",
  "",
  "%2e%2e",
  ".%2e",
  "%2e",
  "%2f",
  "%2F",
  "%5c",
  "%ff",
  "%",
  "%zz",
  "%00",
  "%c3%a9",
  "caf%C3%A9",
  "~",
  "x",
];

/** the paths issue 11 names, and their neighbours */
export const NAMED_PATHS = [
  "/",
  "/%ff",
  "/%",
  "/x%zz",
  "/api/%ff",
  "/v1/%ff",
  "/v1/chat/completions?x=%ff",
  "/v1/x/../chat/completions",
  "/v1/x/%2e%2e/chat/completions",
  "/v1//chat/completions",
  "//v1/chat/completions",
  "/v1/./chat/completions",
  "/v1/chat%2fcompletions",
  "/v1/../../stats",
  "/v1/../api/keys",
  "/healthz/../v1/chat/completions",
  "/v1",
  "/v1/",
  "/v1/chat/completions",
  "/v1/responses",
  "/v1/messages",
  "/v1/messages/count_tokens",
  "/v1/embeddings",
  "/v1/models",
  "/v1/images/generations",
  "/v1/audio/speech",
  "/v1/batches",
  "/v1/fine_tuning/jobs",
  "/v1/messages/batches",
  "/v1/traces",
  "/api/report",
  "/metrics",
];

const segment = fc.oneof(fc.constantFrom(...SEGMENTS), fc.string({ unit: pathChar, maxLength: 12 }));

/** a request target: named paths, segments joined by / or //, and long ones (up to ~1.5 KB) */
export const pathArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...NAMED_PATHS) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom("/", "/v1/", "//", "/api/", "/v1//"), fc.array(segment, { maxLength: 8 }), fc.constantFrom("/", "//"))
          .map(([start, segs, sep]) => start + segs.join(sep)),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom("/v1/", "/", "/api/", "/v1/chat/"), fc.integer({ min: 200, max: 1500 }), fc.constantFrom("a", "%ff", "../", "%2e%2e/", "//"))
          .map(([start, n, unit]) => start + unit.repeat(Math.ceil(n / unit.length))),
      },
    ),
    fc.option(fc.string({ unit: pathChar, maxLength: 30 }), { nil: undefined }),
  )
  .map(([p, query]) => (query === undefined ? p : `${p}?${query}`));

export const methodArb = fc.constantFrom("GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

/** text with any code point but the controls a header cannot carry, as UTF-8 bytes */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing the control characters is the point
const headerText = (maxLength: number) => fc.string({ unit: "binary", maxLength }).map((s) => utf8Header(s.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "")));

const ATTRIBUTION = ["feature", "customer", "user", "project", "environment", "tags", "team", "org", "api-key-id", "x"];

/** x-tokenomics-* headers (never trace-id: the test sets that), UTF-8, one of them possibly huge (2–6 KB) */
const attributionArb = fc
  .tuple(
    fc.uniqueArray(
      fc.tuple(
        fc.constantFrom(...ATTRIBUTION),
        fc.oneof(headerText(60), fc.constantFrom("café", "日本語", "😀", "a=b, c=d, =e, f=", "  ", "", "plan=pro,plan=free").map(utf8Header)),
      ),
      { maxLength: 6, selector: ([name]) => name },
    ),
    fc.option(fc.tuple(fc.constantFrom(...ATTRIBUTION), fc.integer({ min: 2000, max: 6000 }), fc.constantFrom("a", "é", "😀")), { nil: undefined }),
  )
  .map(([small, huge]) => {
    const out: Record<string, string> = {};
    for (const [name, value] of small) out[`x-tokenomics-${name}`] = value;
    if (huge) out[`x-tokenomics-${huge[0]}`] = utf8Header(huge[2].repeat(Math.ceil(huge[1] / Buffer.byteLength(huge[2]))));
    return out;
  });

export interface ClientHeaders {
  auth: "bearer" | "x-api-key" | "none" | "wrong";
  extra: Record<string, string>;
}

/** how the key is presented, attribution, anthropic-version on any path, content types, retry counts */
export const headersArb: fc.Arbitrary<ClientHeaders> = fc.record({
  auth: fc.constantFrom("bearer", "bearer", "bearer", "x-api-key", "none", "wrong"),
  extra: fc
    .tuple(
      attributionArb,
      fc.option(fc.constantFrom("2023-06-01", "", "garbage", "2023-06-01, 2023-01-01"), { nil: undefined }),
      fc.option(
        fc.constantFrom("application/json", "text/plain", "application/x-protobuf", "multipart/form-data; boundary=x", "application/json; charset=latin1"),
        { nil: undefined },
      ),
      fc.option(fc.constantFrom("2", "-1", "1e9", "NaN", "9007199254740993", "x"), { nil: undefined }),
      fc.option(fc.constantFrom("gzip", "br", "deflate, gzip;q=0"), { nil: undefined }),
    )
    .map(([attribution, version, type, retry, encoding]) => ({
      ...attribution,
      ...(version !== undefined ? { "anthropic-version": version } : {}),
      ...(type !== undefined ? { "content-type": type } : {}),
      ...(retry !== undefined ? { "x-stainless-retry-count": retry } : {}),
      ...(encoding !== undefined ? { "accept-encoding": encoding } : {}),
    })),
});

const oddValue = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
  fc.constantFrom(1e308, -1, true),
);
const MESSAGES = [{ role: "user", content: "hello" }];

/** a request body: none, not JSON, any JSON, and request-shaped objects with fields of the wrong type and huge numbers */
export const bodyArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    "",
    "{",
    "{not json",
    "[]",
    "null",
    "1",
    '"s"',
    '{"model":',
    "\u0000",
    "{}",
    '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"max_tokens":1e400}',
  ),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record(
      {
        model: fc.oneof(fc.constantFrom("gpt-4o-mini", "claude-haiku-4-5", "o3", "gpt-image-1", "text-embedding-3-small"), oddValue),
        stream: fc.oneof(fc.boolean(), fc.constantFrom("true", 1, 0, null, {}, [])),
        messages: fc.oneof(
          fc.constant(MESSAGES),
          oddValue,
          fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
          fc.constant([{ role: "user", content: [{ type: "text", text: 5 }] }]),
        ),
        input: fc.oneof(fc.constant("hi"), oddValue),
        prompt: fc.oneof(fc.constant("hi"), oddValue),
        max_tokens: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(0, -1, 1.5, 1e308, 2 ** 53 + 2, "10", null, 1e6)),
        stream_options: fc.oneof(fc.constant({ include_usage: true }), fc.constant({ include_usage: false }), oddValue),
        tools: fc.oneof(
          fc.constant([{ type: "function", function: { name: "f", parameters: { type: "object", properties: { q: { type: "string" } } } } }]),
          oddValue,
        ),
        n: fc.oneof(fc.integer({ min: -2, max: 20 }), oddValue),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);

/** usage fields of every provider, to put wrong values under */
const USAGE_FIELDS = [
  "prompt_tokens",
  "completion_tokens",
  "total_tokens",
  "input_tokens",
  "output_tokens",
  "cache_read_input_tokens",
  "cache_creation_input_tokens",
  "prompt_tokens_details",
  "completion_tokens_details",
  "input_tokens_details",
  "output_tokens_details",
  "cache_creation",
];

const badNumber = fc.oneof(
  fc.constantFrom(
    -1000,
    -1,
    0,
    10.7,
    0.5,
    1e308,
    2 ** 53 + 2,
    1e21,
    "NaN",
    "12",
    "",
    null,
    true,
    [],
    {},
    { cached_tokens: -3 },
    { reasoning_tokens: "x" },
    { ephemeral_5m_input_tokens: 1.5 },
  ),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double(),
  fc.string({ maxLength: 5 }),
);

/** what goes in `x-sim-usage`: wrong numbers under the right names, any JSON, and text that is not JSON */
export const usageTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "null",
    '"NaN"',
    "10.7",
    "[]",
    "{}",
    '"lots"',
    "NaN",
    "{",
    "",
    "true",
    "-1",
    '{"prompt_tokens":-1000,"completion_tokens":5,"total_tokens":-995}',
    '{"input_tokens":-5,"output_tokens":3}',
    '{"prompt_tokens":Infinity}',
  ),
  fc.dictionary(fc.constantFrom(...USAGE_FIELDS), badNumber, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 3 }).map(utf8Header),
);

/** `arbitrary` in `some` of `none + some` cases, else undefined */
const sometimes = <T>(none: number, some: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: none, arbitrary: fc.constant(undefined) }, { weight: some, arbitrary });

export type Endpoint = "chat" | "responses" | "messages" | "completions";

export interface UpstreamCase {
  endpoint: Endpoint;
  stream: boolean;
  client: "fetch" | "sdk";
  maxTokens: number;
  tools: boolean;
  /** the x-sim-* headers */
  sim: Record<string, string>;
}

/** one call through the gateway to a misbehaving upstream */
export const upstreamCaseArb: fc.Arbitrary<UpstreamCase> = fc.record({
  endpoint: fc.constantFrom<Endpoint>("chat", "chat", "responses", "messages", "messages", "completions"),
  stream: fc.boolean(),
  client: fc.constantFrom<"fetch" | "sdk">("fetch", "sdk"),
  maxTokens: fc.integer({ min: 1, max: 12 }),
  tools: fc.boolean(),
  sim: fc
    .record({
      usage: sometimes(3, 2, usageTextArb),
      mutate: sometimes(
        2,
        1,
        fc.subarray(["truncate", "reorder", "garbage"], { minLength: 1 }).map((m) => m.join(",")),
      ),
      contentType: sometimes(6, 1, fc.constantFrom("text/html", "application/json", "text/plain", "text/event-stream", "application/octet-stream", "")),
      status: sometimes(6, 1, fc.constantFrom(201, 203, 400, 404, 429, 500, 503, 504, 529).map(String)),
      scenario: sometimes(3, 1, fc.constantFrom("cut-stream", "reset", "rate-limit", "server-error")),
      reuseId: fc.boolean(),
    })
    .map(({ usage, mutate, contentType, status, scenario, reuseId }) => {
      const h: Record<string, string> = {};
      if (usage !== undefined) h["x-sim-usage"] = usage;
      if (mutate !== undefined) h["x-sim-stream-mutate"] = mutate;
      if (contentType !== undefined) h["x-sim-content-type"] = contentType;
      if (status !== undefined) h["x-sim-status"] = status;
      const scenarios = [...(reuseId ? ["reuse-id"] : []), ...(scenario !== undefined ? [scenario] : [])];
      if (scenarios.length > 0) h["x-sim-scenario"] = scenarios.join(",");
      return h;
    }),
});
