import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { totalTokens, usage } from "../usage.js";
import { convention, extractGeminiCounts, modalityTokens, normalizeGeminiUsage } from "./gemini.js";

// Firebase AI Logic guide "Server prompt templates: get started", example test response
// (firebase.google.com/docs/ai-logic/server-prompt-templates/get-started); candidate text shortened
const THINKING_RESPONSE = {
  candidates: [
    {
      content: { parts: [{ text: "```\n---\n                         **INVOICE**\n---\n..." }], role: "model" },
      finishReason: "STOP",
      index: 0,
    },
  ],
  usageMetadata: {
    promptTokenCount: 34,
    candidatesTokenCount: 418,
    totalTokenCount: 890,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: 34 }],
    thoughtsTokenCount: 438,
  },
  modelVersion: "gemini-3-flash-preview",
  responseId: "3w4Vad6yF-y1vdIP_q_zgAw",
};

// no published body combines a cache hit, thoughts and tool-use prompt tokens; this one is
// built to the field definitions in the UsageMetadata reference (ai.google.dev/api/generate-content#UsageMetadata):
// promptTokenCount includes the cached content, total = prompt + candidates + toolUsePrompt + thoughts
const CACHED_THINKING_TOOL_USAGE = {
  promptTokenCount: 5202,
  cachedContentTokenCount: 4115,
  candidatesTokenCount: 199,
  toolUsePromptTokenCount: 155,
  thoughtsTokenCount: 293,
  totalTokenCount: 5849,
  promptTokensDetails: [{ modality: "TEXT", tokenCount: 5202 }],
  cacheTokensDetails: [{ modality: "TEXT", tokenCount: 4115 }],
  candidatesTokensDetails: [{ modality: "TEXT", tokenCount: 199 }],
};

describe("normalizeGeminiUsage", () => {
  it("declares that the prompt contains the cache and the candidates exclude thoughts", () => {
    assert.equal(convention.name, "gemini-generate-content");
    assert.equal(convention.inputIncludesCacheRead, true);
    assert.equal(convention.outputIncludesReasoning, false);
  });

  it("keeps thoughts apart from the candidates in the firebase example", () => {
    const u = normalizeGeminiUsage(THINKING_RESPONSE);
    // candidates 418 already exclude the 438 thought tokens, so nothing is subtracted
    assert.deepEqual(u, usage({ input: 34, output: 418, reasoning: 438, requests: 1 }));
    // 34 + 418 + 438 = 890 = totalTokenCount
    assert.equal(totalTokens(u), 890);
  });

  it("takes the cache out of the prompt and adds tool-use prompt tokens to input", () => {
    const u = normalizeGeminiUsage(CACHED_THINKING_TOOL_USAGE);
    // (prompt 5202 + tool-use prompt 155) − cached 4115 = 1242 uncached
    assert.equal(u.input, 1242);
    assert.equal(u.cached_input, 4115);
    assert.equal(u.output, 199);
    assert.equal(u.reasoning, 293);
    // 1242 + 4115 + 199 + 293 = 5849 = totalTokenCount
    assert.equal(totalTokens(u), 5849);
  });

  it("splits uncached audio out of the prompt and audio out of the candidates", () => {
    const u = normalizeGeminiUsage({
      promptTokenCount: 1000,
      cachedContentTokenCount: 400,
      candidatesTokenCount: 300,
      totalTokenCount: 1300,
      promptTokensDetails: [
        { modality: "TEXT", tokenCount: 200 },
        { modality: "AUDIO", tokenCount: 800 },
      ],
      cacheTokensDetails: [{ modality: "AUDIO", tokenCount: 400 }],
      candidatesTokensDetails: [
        { modality: "TEXT", tokenCount: 50 },
        { modality: "AUDIO", tokenCount: 250 },
      ],
    });
    // uncached audio = prompt audio 800 − cached audio 400 = 400
    assert.equal(u.audio_input, 400);
    // prompt 1000 − cached 400 − uncached audio 400 = 200 text
    assert.equal(u.input, 200);
    assert.equal(u.cached_input, 400);
    // candidates 300 − audio 250 = 50 text
    assert.equal(u.output, 50);
    assert.equal(u.audio_output, 250);
    assert.equal(totalTokens(u), 1300);
  });

  it("counts grounding search queries of a whole response", () => {
    // query list shape from the "Grounding with Google Search" guide (ai.google.dev/gemini-api/docs/google-search)
    const u = normalizeGeminiUsage({
      candidates: [
        {
          content: { parts: [{ text: "Spain won Euro 2024." }], role: "model" },
          groundingMetadata: { webSearchQueries: ["UEFA Euro 2024 winner", "who won euro 2024"] },
        },
      ],
      usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 40, totalTokenCount: 52 },
    });
    assert.equal(u.web_searches, 2);
  });

  it("accepts the usageMetadata object and the whole response alike", () => {
    assert.deepEqual(normalizeGeminiUsage(THINKING_RESPONSE.usageMetadata), normalizeGeminiUsage(THINKING_RESPONSE));
    assert.equal(extractGeminiCounts(THINKING_RESPONSE).reportedTotal, 890);
  });

  it("sums one modality of a details list", () => {
    assert.equal(
      modalityTokens({ d: [{ modality: "AUDIO", tokenCount: 7 }, { modality: "TEXT", tokenCount: 3 }, { modality: "AUDIO" }] }, "d", "AUDIO", "m"),
      7,
    );
    assert.equal(modalityTokens({}, "d", "AUDIO", "m"), 0);
  });

  it("names the bad field in errors", () => {
    assert.throws(() => normalizeGeminiUsage({ usageMetadata: { promptTokenCount: "34" } }), {
      message: 'usageMetadata.promptTokenCount: expected a non-negative integer, got "34"',
    });
    assert.throws(() => normalizeGeminiUsage({ promptTokensDetails: [{ modality: "AUDIO", tokenCount: -2 }] }), {
      message: "usageMetadata.promptTokensDetails[0].tokenCount: expected a non-negative integer, got -2",
    });
    assert.throws(() => normalizeGeminiUsage({ promptTokensDetails: "AUDIO" }), {
      message: 'usageMetadata.promptTokensDetails: expected an array, got "AUDIO"',
    });
    assert.throws(() => normalizeGeminiUsage({ usageMetadata: 3 }), { message: "usageMetadata: expected an object, got 3" });
  });

  it("refuses a cached count larger than the prompt", () => {
    assert.throws(() => normalizeGeminiUsage({ promptTokenCount: 10, cachedContentTokenCount: 11 }), /gemini-generate-content: reported input 10/);
  });
});
