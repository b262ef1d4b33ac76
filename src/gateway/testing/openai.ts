import { failOpenAI, failOpenAIStatus } from "./errors.js";
import { createBatch, createFineTuningJob, imageGenerations, speech } from "./openai-billed.js";
import { chatCompletions, completions } from "./openai-chat.js";
import { embeddings, models } from "./openai-misc.js";
import { responses } from "./openai-responses.js";
import type { SimDialect } from "./wire.js";

const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header " + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";

/** OpenAI: `Authorization: Bearer <providerKey>` */
export const openai: SimDialect = {
  authenticate(call, providerKey) {
    const auth = call.headers.authorization;
    if (auth === `Bearer ${providerKey}`) return true;
    if (auth === undefined) failOpenAI(call, "authentication", MISSING_KEY);
    else failOpenAI(call, "authentication");
    return false;
  },
  fail: failOpenAI,
  failStatus: failOpenAIStatus,
  routes: {
    "POST /v1/chat/completions": chatCompletions,
    "POST /v1/completions": completions,
    "POST /v1/responses": responses,
    "POST /v1/embeddings": embeddings,
    "GET /v1/models": models,
    "POST /v1/images/generations": imageGenerations,
    "POST /v1/audio/speech": speech,
    "POST /v1/batches": createBatch,
    "POST /v1/fine_tuning/jobs": createFineTuningJob,
  },
};
