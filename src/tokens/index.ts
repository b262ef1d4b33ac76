/**
 * Offline token counting: exact for OpenAI encodings, estimated with bounds for other providers.
 *
 * Importing this module loads no tokenizer; each encoding's vocabulary is loaded on its first
 * use (`loadEncoding`, or any async counting function).
 */
export { countTokens, ENCODINGS, isEncodingName, loadEncoding, type Counter, type EncodingName } from "./encodings.js";
export { encodingForModel, normalizeOpenAIModel } from "./models.js";
export {
  countChatTokens,
  countChatWith,
  type ChatCountOptions,
  type ChatMessage,
  type ChatTokenCount,
  type ContentPart,
  type ImagePart,
  type TextPart,
  type ToolCall,
  type UncountedPart,
} from "./chat.js";
export {
  countToolTokens,
  GPT_4_TOOL_CONSTANTS,
  GPT_4O_TOOL_CONSTANTS,
  toolRuleFor,
  type ToolConstants,
  type ToolDefinition,
  type ToolFunction,
  type ToolProperty,
  type ToolTokens,
} from "./tools.js";
export { openAIImageTokens, type ImageDetail, type ImageSpec, type ImageTokens } from "./images.js";
export {
  countForModel,
  estimateFromBase,
  familyForModel,
  MODEL_FAMILIES,
  normalizeModelId,
  PROVIDER_DEFAULT_FAMILY,
  TOKENIZER_FAMILIES,
  type CountForModelOptions,
  type FamilyId,
  type ModelFamilyRule,
  type ModelTokenCount,
  type TokenizerFamily,
} from "./estimate.js";
export { countPrompt, parsePrompt, type ParsedPrompt, type Prompt } from "./prompt.js";
export { messageBoundaries, promptPieces, promptPrefixes } from "./prefixes.js";
