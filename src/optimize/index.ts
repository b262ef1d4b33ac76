/**
 * Counterfactuals on recorded traffic: what the same calls would have cost under one change (a
 * model, batch or flex, prompt caching, an output cap, a trimmed prompt, no retries). Pure: rows
 * in, results out; the CLI, the API and the savings scan feed it events from the ledger.
 */
export { changeFrom, CLI_NAMES, describeChange, type Change, type ChangeInput, type ChangeNames } from "./change.js";
export type { Counterfactual, Outcome } from "./counterfactual.js";
export { ExactSum, percentOf } from "./exact-sum.js";
export { isFailed, isRetry } from "./retries.js";
export { convertTokens, ENCODING_FACTORS, tokenizerOf, type MeasuredFactor, type TokenizerFactor } from "./tokenizers.js";
export { counterfactualFor, whatIf, WhatIf, type WhatIfDay, type WhatIfOptions, type WhatIfResult } from "./whatif.js";
