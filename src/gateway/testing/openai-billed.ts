import { failOpenAI } from "./errors.js";
import { reportedUsage } from "./misbehave.js";
import { CHARS_PER_TOKEN, headerInt, textChars } from "./tokens.js";
import { sendJson, type SimCall } from "./wire.js";

/**
 * OpenAI routes that bill without a chat-style answer (images, speech, batches, fine-tuning),
 * answered 200 in their documented shapes so a gateway has something to meter or refuse.
 */

/** a 1×1 transparent PNG, the image every generation returns */
export const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
/** the most images one generation returns, whatever `n` asks */
export const MAX_IMAGES = 10;

const now = (): number => Math.floor(Date.now() / 1000);
const headers = (call: SimCall) => ({ "x-request-id": `req_${call.id}` });

/** POST /v1/images/generations: `n` images (default 1) as b64_json; gpt-image-* models report token usage */
export function imageGenerations(call: SimCall): void {
  const { model, prompt, n } = call.body;
  if (typeof prompt !== "string" || prompt === "") return failOpenAI(call, "bad-request", "Missing required parameter: 'prompt'.", "prompt");
  const count = typeof n === "number" && Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_IMAGES) : 1;
  const data = Array.from({ length: count }, () => ({ b64_json: PNG_1X1 }));
  const answer: Record<string, unknown> = { created: now(), data };
  if (typeof model === "string" && model.startsWith("gpt-image")) {
    const input = headerInt(call.headers, "x-sim-input-tokens") ?? Math.ceil(textChars(prompt) / CHARS_PER_TOKEN);
    const output = headerInt(call.headers, "x-sim-output-tokens") ?? 272 * count;
    const usage = { input_tokens: input, output_tokens: output, total_tokens: input + output, input_tokens_details: { text_tokens: input, image_tokens: 0 } };
    answer["usage"] = reportedUsage(call, usage);
  }
  sendJson(call, 200, headers(call), answer);
}

/** POST /v1/audio/speech: a few bytes of "audio" */
export function speech(call: SimCall): void {
  const { input } = call.body;
  if (typeof input !== "string" || input === "") return failOpenAI(call, "bad-request", "Missing required parameter: 'input'.", "input");
  const audio = Buffer.from(`ID3sim-audio:${input.length}`);
  call.res.writeHead(200, { ...headers(call), "content-type": "audio/mpeg", "content-length": audio.length });
  call.res.end(audio);
}

/** POST /v1/batches: the batch object, validating */
export function createBatch(call: SimCall): void {
  const { input_file_id, endpoint, completion_window } = call.body;
  if (typeof input_file_id !== "string") return failOpenAI(call, "bad-request", "Missing required parameter: 'input_file_id'.", "input_file_id");
  sendJson(call, 200, headers(call), {
    id: `batch_${call.id}`,
    object: "batch",
    endpoint: endpoint ?? "/v1/chat/completions",
    input_file_id,
    completion_window: completion_window ?? "24h",
    status: "validating",
    created_at: now(),
    request_counts: { total: 0, completed: 0, failed: 0 },
  });
}

/** POST /v1/fine_tuning/jobs: the job object, validating_files */
export function createFineTuningJob(call: SimCall): void {
  const { model, training_file } = call.body;
  if (typeof model !== "string" || typeof training_file !== "string") {
    return failOpenAI(call, "bad-request", "Missing required parameter: 'training_file'.", "training_file");
  }
  sendJson(call, 200, headers(call), {
    id: `ftjob-${call.id}`,
    object: "fine_tuning.job",
    model,
    training_file,
    status: "validating_files",
    created_at: now(),
    trained_tokens: null,
  });
}
