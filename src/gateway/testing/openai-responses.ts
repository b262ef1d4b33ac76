import { failOpenAI } from "./errors.js";
import { CUT_AFTER_DELTAS } from "./openai-chat.js";
import { isReasoningModel, replyDeltas, replyWords, simUsage, splitArguments, textChars, type SimUsage } from "./tokens.js";
import { reportedUsage } from "./misbehave.js";
import { chosenTool } from "./tools.js";
import { sendJson, sendStream, sseEvent, type SimCall } from "./wire.js";

type Item = Record<string, unknown>;

/** Responses `usage`: input includes cached (and written) tokens, output includes reasoning */
export function responsesUsage(u: SimUsage): Record<string, unknown> {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite5m + u.cacheWrite1h },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

/** POST /v1/responses, non-streaming and streaming (semantic events ending in response.completed) */
export function responses(call: SimCall): void {
  const body = call.body;
  const model = body["model"];
  for (const field of ["model", "input"]) {
    if (body[field] === undefined || body[field] === "") {
      return failOpenAI(call, "bad-request", `Missing required parameter: '${field}'.`, field);
    }
  }
  if (typeof model !== "string") return failOpenAI(call, "bad-request", "Invalid type for 'model'.", "model");
  const u = simUsage(call.headers, textChars(body["instructions"]) + textChars(body["input"]), body, isReasoningModel(model));
  const tool = chosenTool(body);
  const created = Math.floor(Date.now() / 1000);
  const output: Item[] = [];
  if (u.reasoning > 0) output.push({ id: `rs_${call.id}`, type: "reasoning", summary: [] });
  const text = replyWords(u.output - u.reasoning).join(" ");
  const part = { type: "output_text", annotations: [], logprobs: [], text };
  const main: Item = tool
    ? {
        id: `fc_${call.id}`,
        type: "function_call",
        status: "completed",
        arguments: tool.arguments,
        call_id: `call_${call.id}`,
        name: tool.name,
      }
    : { id: `msg_${call.id}`, type: "message", status: "completed", content: [part], role: "assistant" };
  output.push(main);
  const response = (status: string, items: Item[], usage: unknown) => ({
    id: `resp_${call.id}`,
    object: "response",
    created_at: created,
    status,
    background: false,
    completed_at: status === "completed" ? created : null,
    error: null,
    incomplete_details: null,
    instructions: body["instructions"] ?? null,
    max_output_tokens: body["max_output_tokens"] ?? null,
    model,
    output: items,
    parallel_tool_calls: true,
    previous_response_id: body["previous_response_id"] ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: "default",
    store: body["store"] ?? true,
    temperature: 1,
    text: { format: { type: "text" }, verbosity: "medium" },
    tool_choice: body["tool_choice"] ?? "auto",
    tools: body["tools"] ?? [],
    top_p: 1,
    truncation: "disabled",
    usage,
    user: null,
    metadata: body["metadata"] ?? {},
  });
  const headers = { "x-request-id": `req_${call.id}`, "openai-processing-ms": "1" };
  const usage = reportedUsage(call, responsesUsage(u));
  if (body["stream"] !== true) return sendJson(call, 200, headers, response("completed", output, usage));

  const events: string[] = [];
  const emit = (type: string, payload: Item) => events.push(sseEvent(type, { type, sequence_number: events.length, ...payload }));
  const started = response("in_progress", [], null);
  emit("response.created", { response: started });
  emit("response.in_progress", { response: started });
  if (u.reasoning > 0) {
    emit("response.output_item.added", { output_index: 0, item: output[0]! });
    emit("response.output_item.done", { output_index: 0, item: output[0]! });
  }
  const at = { item_id: main["id"], output_index: output.length - 1 };
  let cutAt: number;
  if (tool) {
    const item = { ...main, arguments: "", status: "in_progress" };
    emit("response.output_item.added", { output_index: at.output_index, item });
    cutAt = events.length + CUT_AFTER_DELTAS;
    for (const delta of splitArguments(tool.arguments)) emit("response.function_call_arguments.delta", { ...at, delta });
    emit("response.function_call_arguments.done", { ...at, name: tool.name, arguments: tool.arguments });
  } else {
    const empty = { ...part, text: "" };
    const item = { ...main, status: "in_progress", content: [] };
    emit("response.output_item.added", { output_index: at.output_index, item });
    emit("response.content_part.added", { ...at, content_index: 0, part: empty });
    cutAt = events.length + CUT_AFTER_DELTAS;
    for (const delta of replyDeltas(u.output - u.reasoning)) {
      emit("response.output_text.delta", { ...at, content_index: 0, delta, logprobs: [] });
    }
    emit("response.output_text.done", { ...at, content_index: 0, text, logprobs: [] });
    emit("response.content_part.done", { ...at, content_index: 0, part });
  }
  emit("response.output_item.done", { output_index: at.output_index, item: main });
  emit("response.completed", { response: response("completed", output, usage) });
  sendStream(call, headers, events, cutAt);
}
