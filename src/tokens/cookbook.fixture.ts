/**
 * Test-only: the example requests from OpenAI's cookbook, "How to count tokens with tiktoken"
 * (examples/How_to_count_tokens_with_tiktoken.ipynb), whose printed outputs give the API's
 * prompt_tokens for them.
 */
import type { ChatMessage } from "./chat.js";
import type { ToolDefinition } from "./tools.js";

/** section 6: 129 prompt tokens on gpt-3.5-turbo and gpt-4, 124 on gpt-4o and gpt-4o-mini */
export const JARGON_MESSAGES: ChatMessage[] = [
  { role: "system", content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English." },
  { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
  { role: "system", name: "example_assistant", content: "Things working well together will increase revenue." },
  { role: "system", name: "example_user", content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: "system", name: "example_assistant", content: "Let's talk later when we're less busy about how to do better." },
  { role: "user", content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

/** section 7: with WEATHER_TOOLS, 105 prompt tokens on gpt-3.5-turbo and gpt-4, 101 on gpt-4o(-mini) */
export const WEATHER_MESSAGES: ChatMessage[] = [
  { role: "system", content: "You are a helpful assistant that can answer to questions about the weather." },
  { role: "user", content: "What's the weather like in San Francisco?" },
];

export const WEATHER_TOOLS: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "get_current_weather",
      description: "Get the current weather in a given location",
      parameters: {
        type: "object",
        properties: {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
          unit: { type: "string", description: "The unit of temperature to return", enum: ["celsius", "fahrenheit"] },
        },
        required: ["location"],
      },
    },
  },
];
