import { failOpenAI } from "./errors.js";
import { isReasoningModel, replyDeltas, replyWords, simUsage, splitArguments, textChars, type SimUsage } from "./tokens.js";
import { reportedUsage } from "./misbehave.js";
import { chosenTool } from "./tools.js";
import { sendJson, sendStream, sseData, type SimCall } from "./wire.js";

/** the content deltas a stream sends before `cut-stream` destroys the socket */
export const CUT_AFTER_DELTAS = 3;

const DONE = "data: [DONE]\n\n";

/** chat and completions `usage`: prompt_tokens includes cached (and written) tokens, completion includes reasoning */
export function openaiUsage(u: SimUsage): Record<string, unknown> {
  const write = u.cacheWrite5m + u.cacheWrite1h;
  const promptDetails: Record<string, number> = { cached_tokens: u.cacheRead, audio_tokens: 0 };
  if (write > 0) promptDetails["cache_write_tokens"] = write;
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: {
      reasoning_tokens: u.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function includeUsage(body: Record<string, unknown>): boolean {
  const options = body["stream_options"];
  return options !== null && typeof options === "object" && (options as { include_usage?: unknown }).include_usage === true;
}

function requireModel(call: SimCall, field: string): string | undefined {
  const model = call.body["model"];
  if (typeof model !== "string" || model === "") {
    failOpenAI(call, "bad-request", "you must provide a model parameter", "model");
    return undefined;
  }
  if (call.body[field] === undefined) {
    failOpenAI(call, "bad-request", `Missing required parameter: '${field}'.`, field);
    return undefined;
  }
  return model;
}

/** POST /v1/chat/completions */
export function chatCompletions(call: SimCall): void {
  const model = requireModel(call, "messages");
  if (model === undefined) return;
  const body = call.body;
  const u = simUsage(call.headers, textChars(body["messages"]), body, isReasoningModel(model));
  const tool = chosenTool(body);
  const id = `chatcmpl-${call.id}`;
  const created = Math.floor(Date.now() / 1000);
  const headers = { "x-request-id": `req_${call.id}`, "openai-processing-ms": "1" };
  const finish = tool ? "tool_calls" : "stop";
  const callId = `call_${call.id}`;
  if (body["stream"] !== true) {
    const message = tool
      ? {
          role: "assistant",
          content: null,
          tool_calls: [{ id: callId, type: "function", function: { name: tool.name, arguments: tool.arguments } }],
          refusal: null,
          annotations: [],
        }
      : { role: "assistant", content: replyWords(u.output - u.reasoning).join(" "), refusal: null, annotations: [] };
    sendJson(call, 200, headers, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage: reportedUsage(call, openaiUsage(u)),
      service_tier: "default",
      system_fingerprint: "fp_sim",
    });
    return;
  }
  const withUsage = includeUsage(body);
  const chunk = (choices: unknown[], usage?: unknown): string =>
    sseData({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      service_tier: "default",
      system_fingerprint: "fp_sim",
      choices,
      ...(withUsage ? { usage: usage ?? null } : {}),
    });
  const delta = (d: unknown, finishReason: string | null = null) => [{ index: 0, delta: d, logprobs: null, finish_reason: finishReason }];
  const events: string[] = [];
  if (tool) {
    const opening = { index: 0, id: callId, type: "function", function: { name: tool.name, arguments: "" } };
    events.push(chunk(delta({ role: "assistant", content: null, tool_calls: [opening], refusal: null })));
    for (const piece of splitArguments(tool.arguments)) {
      events.push(chunk(delta({ tool_calls: [{ index: 0, function: { arguments: piece } }] })));
    }
  } else {
    events.push(chunk(delta({ role: "assistant", content: "", refusal: null })));
    for (const piece of replyDeltas(u.output - u.reasoning)) events.push(chunk(delta({ content: piece })));
  }
  events.push(chunk(delta({}, finish)));
  if (withUsage) events.push(chunk([], reportedUsage(call, openaiUsage(u))));
  events.push(DONE);
  sendStream(call, headers, events, 1 + CUT_AFTER_DELTAS);
}

/** POST /v1/completions (legacy): prompt in, `max_tokens` (default 16) words out */
export function completions(call: SimCall): void {
  const model = requireModel(call, "prompt");
  if (model === undefined) return;
  const body = call.body;
  const u = simUsage(call.headers, textChars(body["prompt"]), body, false);
  const id = `cmpl-${call.id}`;
  const created = Math.floor(Date.now() / 1000);
  const headers = { "x-request-id": `req_${call.id}`, "openai-processing-ms": "1" };
  const usage = { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output };
  const choice = (text: string, finish: string | null) => ({ text, index: 0, logprobs: null, finish_reason: finish });
  if (body["stream"] !== true) {
    const text = replyWords(u.output).join(" ");
    sendJson(call, 200, headers, { id, object: "text_completion", created, model, choices: [choice(text, "stop")], usage: reportedUsage(call, usage) });
    return;
  }
  const withUsage = includeUsage(body);
  const chunk = (choices: unknown[], last?: unknown): string =>
    sseData({ id, object: "text_completion", created, choices, model, ...(withUsage ? { usage: last ?? null } : {}) });
  const events = replyDeltas(u.output).map((piece) => chunk([choice(piece, null)]));
  events.push(chunk([choice("", "stop")]));
  if (withUsage) events.push(chunk([], reportedUsage(call, usage)));
  events.push(DONE);
  sendStream(call, headers, events, CUT_AFTER_DELTAS);
}
