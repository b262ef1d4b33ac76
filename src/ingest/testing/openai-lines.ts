/**
 * Random lines for `tokenomics import openai` of every shape — envelopes, bare bodies, broken
 * lines, wrong types, nulls and odd strings in each field — for property tests of the native
 * import against the exact reading (`native.test.ts`, `admit.test.ts`).
 */
import fc from "fast-check";

// values of every kind, so that wrong types, nulls and odd strings reach each field
const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
  fc.string({ maxLength: 6 }),
  fc.constant({}),
  fc.constant([1]),
);
const count = fc.oneof({ weight: 12, arbitrary: fc.nat({ max: 50_000 }) }, { weight: 1, arbitrary: anyValue }, { weight: 1, arbitrary: fc.constant(2 ** 60) });
const maybe = <T>(arb: fc.Arbitrary<T>, weight = 1): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: weight + 1 });
const text = fc.oneof(
  fc.constantFrom("search", "support", "", "Ünïcødé ✓", 'quote " and \\ slash', "tab\tnew\nline", "emoji 😀", "lone \ud800 surrogate", "nul \u0000 byte"),
  fc.string({ maxLength: 8 }),
);

const details = fc.record(
  {
    cached_tokens: maybe(count, 3),
    audio_tokens: maybe(count),
    cache_write_tokens: maybe(count),
    reasoning_tokens: maybe(count, 3),
    other_tokens: maybe(fc.nat(9), 6),
  },
  { requiredKeys: [] },
);
const usageObject = fc.record(
  {
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: maybe(count, 3),
    prompt_tokens_details: maybe(fc.oneof({ weight: 8, arbitrary: details }, { weight: 1, arbitrary: anyValue }), 3),
    completion_tokens_details: maybe(fc.oneof({ weight: 8, arbitrary: details }, { weight: 1, arbitrary: anyValue }), 3),
    surprise: maybe(anyValue, 8),
  },
  { requiredKeys: ["prompt_tokens", "completion_tokens"] },
);
const instant = fc.oneof(
  fc.date({ min: new Date("2024-01-01"), max: new Date("2026-06-30"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    "2025-03-10T01:31:23Z",
    "2025-03-10T01:31:23.5Z",
    "2025-03-10 01:31:23",
    "2025-02-30T00:00:00.000Z",
    "not a time",
    "2025-03-10T01:31:23+02:00",
  ),
  fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }),
  anyValue,
);
const body = (n: number) =>
  fc.record(
    {
      id: fc.oneof({ weight: 20, arbitrary: fc.constant(`chatcmpl-${n}`) }, { weight: 1, arbitrary: anyValue }),
      object: fc.oneof(
        { weight: 20, arbitrary: fc.constant("chat.completion") },
        { weight: 1, arbitrary: fc.constantFrom("response", "list", "chat.completion.chunk") },
      ),
      created: maybe(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }) }, { weight: 1, arbitrary: anyValue })),
      model: fc.oneof(
        { weight: 10, arbitrary: fc.constantFrom("gpt-4o-2024-08-06", "gpt-4o", "gpt-4o-mini", "o3", "gpt-5-mini", "gpt-4.1", "gemini-2.5-pro", "gpt-17") },
        { weight: 1, arbitrary: anyValue },
      ),
      usage: fc.oneof({ weight: 20, arbitrary: usageObject }, { weight: 1, arbitrary: anyValue }),
      service_tier: maybe(fc.constantFrom("default", "auto", "flex", "priority", null), 3),
      status: maybe(fc.constantFrom("completed", null), 8),
      metadata: maybe(fc.constantFrom(null, { plan: "pro" }), 8),
      choices: maybe(fc.constant([{ index: 0, message: { role: "assistant", content: "Hello \u00e9" }, finish_reason: "stop" }])),
    },
    { requiredKeys: ["id", "object", "model", "usage"] },
  );
const envelopeFields = fc.record(
  {
    ts: maybe(instant),
    team: maybe(fc.oneof(text, anyValue)),
    feature: maybe(text),
    customer: maybe(text),
    user: maybe(text),
    environment: maybe(text, 3),
    trace_id: maybe(text, 3),
    region: maybe(text, 5),
    latency_ms: maybe(fc.oneof(fc.nat(5000), fc.double({ min: 0, max: 5000, noNaN: true }), anyValue), 2),
    ttft_ms: maybe(fc.nat(900), 4),
    tags: maybe(fc.constant({ plan: "pro" }), 8),
    status: maybe(fc.constantFrom("ok", "error"), 8),
    model: maybe(fc.constant("gpt-4o"), 8),
    attempt: maybe(fc.integer({ min: 1, max: 3 }), 8),
    custom_id: maybe(fc.constant("req-1"), 12),
    request: maybe(fc.constant({ messages: [{ role: "user", content: "hi" }] }), 3),
  },
  { requiredKeys: [] },
);
const line = (n: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.tuple(envelopeFields, body(n)).map(([env, b]) => JSON.stringify({ ...env, response: b })) },
    { weight: 5, arbitrary: body(n).map((b) => JSON.stringify(b)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        "   ",
        "{not json",
        "[1,2]",
        '"text"',
        `{"response": {"error": {"message": "rate limited"}}}`,
        `{"error": {"message": "x"}}`,
      ),
    },
  );
export const openaiLines = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => line(i))));
