/** a function tool the simulated model decides to call */
export interface SimTool {
  name: string;
  /** the call's arguments, as the JSON text the APIs put on the wire */
  arguments: string;
}

type Json = Record<string, unknown>;

function asObject(v: unknown): Json | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}

/**
 * The tool the simulated model calls: the one `tool_choice` names, else the first function tool;
 * none when there are no tools or `tool_choice` is "none". Reads all three shapes — chat
 * `{type:"function", function:{name, parameters}}`, Responses `{type:"function", name, parameters}`
 * and Anthropic `{name, input_schema}`.
 * @example chosenTool({ tools: [{ name: "get_weather", input_schema: {} }] }) // { name: "get_weather", arguments: "{}" }
 */
export function chosenTool(body: Json): SimTool | undefined {
  const tools = body["tools"];
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const choice = body["tool_choice"];
  const choiceObject = asObject(choice);
  if (choice === "none" || choiceObject?.["type"] === "none") return undefined;
  const wanted = asObject(choiceObject?.["function"])?.["name"] ?? choiceObject?.["name"];
  let first: SimTool | undefined;
  for (const raw of tools) {
    const tool = asObject(raw);
    if (tool === undefined) continue;
    const fn = asObject(tool["function"]);
    const name = fn?.["name"] ?? tool["name"];
    if (typeof name !== "string") continue;
    const schema = fn?.["parameters"] ?? tool["parameters"] ?? tool["input_schema"];
    const picked = { name, arguments: JSON.stringify(exampleArguments(schema)) };
    if (name === wanted) return picked;
    first ??= picked;
  }
  return first;
}

/** one made-up value per schema property: the first enum value, "sim", 1, true, [] or {} */
export function exampleArguments(schema: unknown): Json {
  const properties = asObject(asObject(schema)?.["properties"]) ?? {};
  const out: Json = {};
  for (const [key, raw] of Object.entries(properties)) {
    const prop = asObject(raw) ?? {};
    const values = prop["enum"];
    if (Array.isArray(values) && values.length > 0) out[key] = values[0];
    else if (prop["type"] === "string") out[key] = "sim";
    else if (prop["type"] === "number" || prop["type"] === "integer") out[key] = 1;
    else if (prop["type"] === "boolean") out[key] = true;
    else if (prop["type"] === "array") out[key] = [];
    else if (prop["type"] === "object") out[key] = {};
    else out[key] = null;
  }
  return out;
}
