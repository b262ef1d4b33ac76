import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { deflateSync, gzipSync } from "node:zlib";
import type { ImportItem } from "../importer.js";
import { sourcePath } from "../testing/source-path.js";
import { otelImporter } from "./otel.js";
import type { UsageRecord } from "../../usage/event.js";
import { usage } from "../../usage/usage.js";
import { decodeContentEncoding, decodeOtlpTraces, OtlpError, otlpEncoding, otlpTraceResponse } from "./http-body.js";
import protobuf from "protobufjs";
import { protobufBody } from "./testing/protobuf.js";

const DOC_FILE = sourcePath("ingest/fixtures/otel/traces.json");
const JSONL_FILE = sourcePath("ingest/fixtures/otel/traces.jsonl");
const JSON_TYPE = "application/json";
const PROTO_TYPE = "application/x-protobuf";

function jsonBody(doc: unknown): Buffer {
  return Buffer.from(JSON.stringify(doc));
}

const DOC: unknown = JSON.parse(readFileSync(DOC_FILE, "utf8"));

/** status and message of what `fn` throws, which must be an OtlpError */
function otlpFailure(fn: () => unknown): [number, string] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof OtlpError, `expected an OtlpError, got ${String(e)}`);
    return [e.status, e.message];
  }
  assert.fail("expected an OtlpError");
}

describe("decodeOtlpTraces", () => {
  it("gives the same records from OTLP/JSON and OTLP/protobuf", () => {
    const json = decodeOtlpTraces(jsonBody(DOC), JSON_TYPE);
    const proto = decodeOtlpTraces(protobufBody(DOC), PROTO_TYPE);
    assert.deepEqual(
      json.records.map((r) => r.id),
      [
        "otel:4bf92f3577b34da6a3ce929d0e0e4736:b7ad6b7169203331",
        "otel:4bf92f3577b34da6a3ce929d0e0e4736:c8be7c1a2f0d4e55",
        "otel:4bf92f3577b34da6a3ce929d0e0e4736:d4c3b2a1f0e9d8c7",
        "otel:0af7651916cd43dd8448eb211c80319c:a1b2c3d4e5f60718",
        "otel:0af7651916cd43dd8448eb211c80319c:0718a1b2c3d4e5f6",
      ],
    );
    for (const { records } of [json, proto]) {
      const [chat, failed, reasoning, anthropic, embeddings] = records;
      // input 2006 includes 1920 cache reads: 2006 − 1920 = 86 uncached
      assert.deepEqual(chat?.usage, usage({ input: 86, cached_input: 1920, output: 300, requests: 1 }));
      assert.deepEqual(failed?.usage, usage({ input: 2006, requests: 1 }));
      assert.equal(failed?.request.status, "error");
      // output 1186 includes 1024 reasoning: 1186 − 1024 = 162 visible
      assert.deepEqual(reasoning?.usage, usage({ input: 75, output: 162, reasoning: 1024, requests: 1 }));
      // prompt 14573 = 7123 read + 7345 written + 14573 − 7123 − 7345 = 105 uncached
      assert.deepEqual(anthropic?.usage, usage({ input: 105, cached_input: 7123, cache_write: 7345, output: 6039, requests: 1 }));
      assert.deepEqual(embeddings?.usage, usage({ input: 512, requests: 1 }));
      // 09:12:00 + 150 ms, over 1 380 − 150 = 1 230 ms
      assert.equal(chat?.ts, "2025-10-14T09:12:00.150Z");
      assert.equal(chat?.request.latency_ms, 1230);
      assert.equal(chat?.interaction.parent_span_id, "00f067aa0ba902b7");
      assert.equal(anthropic?.interaction.parent_span_id, undefined);
    }
    // raw_usage keeps each value as received: the fixture's one bare-number intValue (75) is an
    // int64, written "75", once it has been through protobuf; everything else is identical
    const [, , reasoning] = proto.records;
    assert.deepEqual(reasoning?.source.raw_usage, {
      "gen_ai.usage.input_tokens": { intValue: "75" },
      "gen_ai.usage.output_tokens": { intValue: "1186" },
      "gen_ai.usage.reasoning.output_tokens": { intValue: "1024" },
    });
    const rawJson = json.records[2]?.source.raw_usage as Record<string, unknown>;
    assert.deepEqual(rawJson["gen_ai.usage.input_tokens"], { intValue: 75 });
    const withRaw = (r: UsageRecord, raw: unknown): UsageRecord => ({ ...r, source: { ...r.source, raw_usage: raw } });
    assert.deepEqual(
      proto.records.map((r, i) => (i === 2 ? withRaw(r, rawJson) : r)),
      json.records,
    );
    // 4 spans in the first resource, 5 in the second; the http, agent and two bad ones make no record
    assert.equal(json.spans, 9);
    assert.equal(proto.spans, 9);
  });

  it("rejects bad spans alone, by their position in the export", () => {
    const json = decodeOtlpTraces(jsonBody(DOC), JSON_TYPE);
    const proto = decodeOtlpTraces(protobufBody(DOC), PROTO_TYPE);
    const lots = { span: 7, reason: 'span e1e2e3e4e5e6e7e8: gen_ai.usage.output_tokens: expected a non-negative integer, got "lots"' };
    assert.deepEqual(json.rejected, [lots, { span: 8, reason: 'span f1f2f3f4f5f6f7f8: traceId: expected 32 hex digits, got "xyz"' }]);
    // "xyz" is no hex: its bytes are empty, and an empty bytes field is not sent at all
    assert.deepEqual(proto.rejected, [lots, { span: 8, reason: "span f1f2f3f4f5f6f7f8: traceId: expected 32 hex digits, got undefined" }]);
  });

  it("gives the records `tokenomics import otel` gives for the same file, less file and line", async () => {
    const imported: UsageRecord[] = [];
    for await (const item of otelImporter.read(DOC_FILE, {}) as AsyncIterable<ImportItem>) if ("record" in item) imported.push(item.record);
    const served = decodeOtlpTraces(jsonBody(DOC), JSON_TYPE).records;
    assert.deepEqual(
      served,
      imported.map((r) => {
        const { file: _file, line: _line, ...source } = r.source;
        return { ...r, source };
      }),
    );
  });

  it("lowers upper-case hex ids and reads each export of the jsonl fixture alike", () => {
    const lines = readFileSync(JSONL_FILE, "utf8").split("\n");
    const first = JSON.parse(lines[0] ?? "");
    const gemini = JSON.parse(lines[3] ?? "");
    for (const doc of [first, gemini]) {
      assert.deepEqual(decodeOtlpTraces(protobufBody(doc), PROTO_TYPE), decodeOtlpTraces(jsonBody(doc), JSON_TYPE));
    }
    const [bedrock] = decodeOtlpTraces(protobufBody(first), PROTO_TYPE).records;
    assert.equal(bedrock?.id, "otel:5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174");
    assert.equal(bedrock?.interaction.parent_span_id, "eee19b7ec3c1b173");
    const { records, rejected } = decodeOtlpTraces(protobufBody(gemini), PROTO_TYPE);
    // output 856 includes 438 thoughts: 856 − 438 = 418 visible
    assert.deepEqual(records[0]?.usage, usage({ input: 34, output: 418, reasoning: 438, requests: 1 }));
    assert.deepEqual(
      rejected.map((r) => r.span),
      [2],
    );
    assert.match(rejected[0]?.reason ?? "", /gen_ai\.usage\.input_tokens: expected a non-negative integer, got "-5"$/);
  });

  it("carries every AnyValue kind through protobuf as OTLP/JSON writes it", () => {
    const value = (v: unknown, key: string): unknown => ({ key: `traceloop.association.properties.${key}`, value: v });
    const doc = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "0123456789abcdef0123456789abcdef",
                  spanId: "0123456789abcdef",
                  startTimeUnixNano: "1760433120000000001",
                  endTimeUnixNano: "1760433120250000001",
                  attributes: [
                    { key: "gen_ai.usage.input_tokens", value: { intValue: "12" } },
                    value({ boolValue: false }, "flag"),
                    value({ intValue: "-9007199254740993" }, "big"),
                    value({ doubleValue: 0.25 }, "ratio"),
                    value({ bytesValue: "AAEC/w==" }, "blob"),
                    value({ arrayValue: { values: [{ stringValue: "a" }, { intValue: "1" }] } }, "list"),
                    value({ kvlistValue: { values: [{ key: "k", value: { boolValue: true } }] } }, "map"),
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const json = decodeOtlpTraces(jsonBody(doc), JSON_TYPE);
    const proto = decodeOtlpTraces(protobufBody(doc), PROTO_TYPE);
    assert.deepEqual(proto, json);
    assert.deepEqual(proto.records[0]?.usage, usage({ input: 12, requests: 1 }));
    // 1 760 433 120 250 000 001 − 1 760 433 120 000 000 001 ns = 250 ms
    assert.equal(proto.records[0]?.request.latency_ms, 250);
    assert.deepEqual(proto.records[0]?.attribution.tags, {
      flag: "false",
      // −(2^53 + 1): past a double, exact as an int64 string
      big: "-9007199254740993",
      ratio: "0.25",
      blob: '{"bytesValue":"AAEC/w=="}',
      list: '{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"}]}}',
      map: '{"kvlistValue":{"values":[{"key":"k","value":{"boolValue":true}}]}}',
    });
  });
});

describe("content types and encodings", () => {
  it("takes a gzip or deflate body, the same as a plain one", () => {
    const plain = decodeOtlpTraces(protobufBody(DOC), PROTO_TYPE);
    assert.deepEqual(decodeOtlpTraces(gzipSync(protobufBody(DOC)), PROTO_TYPE, { contentEncoding: "gzip" }), plain);
    assert.deepEqual(decodeOtlpTraces(gzipSync(jsonBody(DOC)), JSON_TYPE, { contentEncoding: "GZIP" }), decodeOtlpTraces(jsonBody(DOC), JSON_TYPE));
    assert.deepEqual(decodeOtlpTraces(deflateSync(protobufBody(DOC)), PROTO_TYPE, { contentEncoding: "deflate" }), plain);
    assert.deepEqual(decodeContentEncoding(Buffer.from("x"), "identity"), Buffer.from("x"));
  });

  it("refuses a body that does not inflate (400), one that inflates too far (413), and other encodings (415)", () => {
    const [status, message] = otlpFailure(() => decodeOtlpTraces(protobufBody(DOC), PROTO_TYPE, { contentEncoding: "gzip" }));
    assert.equal(status, 400);
    assert.match(message, /^body is not valid gzip: /);
    // 1 MiB of zeros gzips to about 1 KiB
    const bomb = gzipSync(Buffer.alloc(1024 * 1024));
    assert.ok(bomb.length < 4096);
    assert.deepEqual(
      otlpFailure(() => decodeContentEncoding(bomb, "gzip", 64 * 1024)),
      [413, "body inflates to more than 65536 bytes"],
    );
    assert.deepEqual(
      otlpFailure(() => decodeOtlpTraces(protobufBody(DOC), PROTO_TYPE, { contentEncoding: "br" })),
      [415, "content-encoding br: supported are gzip, deflate and identity"],
    );
  });

  it("answers 415 to a content type that is not OTLP's", () => {
    assert.equal(otlpEncoding("Application/JSON; charset=utf-8"), "json");
    assert.equal(otlpEncoding("application/protobuf"), "protobuf");
    assert.deepEqual(
      otlpFailure(() => decodeOtlpTraces(jsonBody(DOC), "text/plain")),
      [415, "content-type text/plain: OTLP/HTTP takes application/json or application/x-protobuf"],
    );
    assert.equal(otlpFailure(() => decodeOtlpTraces(jsonBody(DOC), undefined))[0], 415);
    assert.equal(otlpFailure(() => decodeOtlpTraces(jsonBody(DOC), "application/grpc"))[0], 415);
  });

  it("answers 400 to a body that is not a trace export", () => {
    // json sent as protobuf: '{' (0x7b) reads as field 15, wire type 3, a group start that no proper end follows
    const [status, message] = otlpFailure(() => decodeOtlpTraces(jsonBody(DOC), PROTO_TYPE));
    assert.equal(status, 400);
    assert.match(message, /^body is not an OTLP\/protobuf ExportTraceServiceRequest: /);
    // a length of 5 with 1 byte left
    assert.equal(otlpFailure(() => decodeOtlpTraces(Buffer.from([0x0a, 0x05, 0x01]), PROTO_TYPE))[0], 400);
    assert.deepEqual(otlpFailure(() => decodeOtlpTraces(protobufBody(DOC), JSON_TYPE))[0], 400);
    assert.deepEqual(
      otlpFailure(() => decodeOtlpTraces(Buffer.from('{"resourceSpans": [}'), JSON_TYPE)),
      [400, "body is not JSON: line 1, column 20: ValueExpected"],
    );
    assert.deepEqual(
      otlpFailure(() => decodeOtlpTraces(Buffer.from("[]"), JSON_TYPE)),
      [400, "expected an OTLP ExportTraceServiceRequest object, got []"],
    );
    assert.deepEqual(
      otlpFailure(() => decodeOtlpTraces(Buffer.from('{"resourceSpans": {}}'), JSON_TYPE)),
      [400, "resourceSpans: expected an array, got {}"],
    );
    assert.deepEqual(
      otlpFailure(() => decodeOtlpTraces(Buffer.from('{"resourceLogs": []}'), JSON_TYPE)),
      [400, "the body holds resourceLogs, not resourceSpans: not a trace export"],
    );
  });

  it("reads text as UTF-8 in both encodings, and refuses JSON that is not UTF-8", () => {
    const doc = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
                  spanId: "b7ad6b7169203331",
                  startTimeUnixNano: "1760000000000000000",
                  attributes: [
                    { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
                    { key: "gen_ai.usage.input_tokens", value: { intValue: "10" } },
                    { key: "traceloop.association.properties.team", value: { stringValue: "café ☕" } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    for (const [body, type] of [
      [jsonBody(doc), JSON_TYPE],
      [protobufBody(doc), PROTO_TYPE],
    ] as const) {
      assert.equal(decodeOtlpTraces(body, type).records[0]?.attribution.team, "café ☕");
    }
    const escaped = Buffer.from(JSON.stringify(doc).replace("café ☕", "caf\\u00e9"), "latin1");
    assert.equal(decodeOtlpTraces(escaped, JSON_TYPE).records[0]?.attribution.team, "café", "a JSON escape is ASCII");
    const latin1 = Buffer.from(JSON.stringify(doc).replace("café ☕", "café"), "latin1");
    assert.deepEqual(
      otlpFailure(() => decodeOtlpTraces(latin1, JSON_TYPE)),
      [400, "body is not valid UTF-8"],
    );
  });

  it("takes an empty request as no spans, in both encodings", () => {
    const none = { records: [], rejected: [], spans: 0 };
    assert.deepEqual(decodeOtlpTraces(Buffer.alloc(0), PROTO_TYPE), none);
    assert.deepEqual(decodeOtlpTraces(Buffer.from("{}"), JSON_TYPE), none);
  });
});

describe("otlpTraceResponse", () => {
  const reason = 'span e1e2e3e4e5e6e7e8: gen_ai.usage.output_tokens: expected a non-negative integer, got "lots"';
  const message = `2 spans rejected; the first: ${reason}`;
  const rejected = [
    { span: 7, reason },
    { span: 8, reason: "span f1f2f3f4f5f6f7f8: traceId: expected 32 hex digits, got undefined" },
  ];

  it("answers in JSON with partialSuccess only when spans were rejected", () => {
    assert.deepEqual(otlpTraceResponse({ rejected: [] }, "json"), { body: Buffer.from("{}"), contentType: "application/json" });
    const { body } = otlpTraceResponse({ rejected }, "json");
    assert.deepEqual(JSON.parse(body.toString()), { partialSuccess: { rejectedSpans: "2", errorMessage: message } });
  });

  it("answers in protobuf an ExportTraceServiceResponse that decodes back", () => {
    const full = otlpTraceResponse({ rejected: [] }, "protobuf");
    assert.deepEqual(full, { body: Buffer.alloc(0), contentType: "application/x-protobuf" });
    // decoded by a schema written here, the collector's field numbers: partial_success 1 { rejected_spans 1, error_message 2 }
    const { root } = protobuf.parse(`syntax = "proto3";
      message Response { Partial partial_success = 1; }
      message Partial { int64 rejected_spans = 1; string error_message = 2; }`);
    const type = root.lookupType("Response");
    const decoded = type.toObject(type.decode(otlpTraceResponse({ rejected }, "protobuf").body), { longs: Number });
    assert.deepEqual(decoded, { partialSuccess: { rejectedSpans: 2, errorMessage: message } });
  });
});
