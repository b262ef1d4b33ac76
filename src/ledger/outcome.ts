/**
 * An outcome: what an interaction (a trace of calls) achieved — a resolved ticket, an accepted
 * suggestion, a conversion. It carries no attribution of its own: who and why come from the
 * interaction's calls, by joining on `trace_id`, so an outcome can never disagree with its calls.
 */
export interface Outcome {
  /** stable dedupe key: recording the same outcome twice stores it once */
  id: string;
  /** the interaction it belongs to: the `trace_id` its calls carry */
  trace_id: string;
  /** what kind of result: "resolved_ticket", "accepted_suggestion", "conversion"… */
  kind: string;
  /** when it happened, ISO 8601 UTC */
  at: string;
  /** false for a recorded failure (the ticket was escalated, the suggestion rejected) */
  success: boolean;
  /** what the outcome was worth, exact decimal USD (a conversion's order value) */
  value_usd?: string;
}

/** a bad outcome: `field` names what is wrong, `message` says how */
export class OutcomeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "OutcomeError";
  }
}

export const OUTCOME_FIELDS = ["id", "trace_id", "kind", "at", "success", "value_usd"] as const;

const KIND = /^[A-Za-z0-9_.:-]{1,64}$/;
/** 13 places: the ledger's money precision; more would be rounded, so it is refused instead */
const DECIMAL = /^\d{1,24}(\.\d{1,13})?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Check one outcome as it arrives (a parsed JSON object, or a CSV row of strings) and return it
 * in canonical form: `at` as ISO UTC, `success` a boolean (true when absent). Unknown fields are
 * refused, so a typo (`sucess`) is not silently a success.
 * @example validateOutcome({ id: "o1", trace_id: "t1", kind: "conversion", at: "2026-10-01", value_usd: "49.90" }).at // "2026-10-01T00:00:00.000Z"
 */
export function validateOutcome(value: unknown): Outcome {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new OutcomeError("outcome", "expected an object with id, trace_id, kind and at");
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(OUTCOME_FIELDS as readonly string[]).includes(k)) throw new OutcomeError(k, `unknown field (expected ${OUTCOME_FIELDS.join(", ")})`);
  }
  const text = (field: string): string => {
    const v = o[field];
    if (typeof v !== "string" || v.trim() === "")
      throw new OutcomeError(field, v === undefined || v === "" ? "missing" : `expected a string, got ${JSON.stringify(v)}`);
    return v.trim();
  };
  const id = text("id");
  const trace_id = text("trace_id");
  const kind = text("kind");
  if (!KIND.test(kind)) throw new OutcomeError("kind", `expected letters, digits, _ . : - (at most 64), got "${kind}"`);
  const rawAt = text("at");
  const ms = ISO.test(rawAt) ? Date.parse(rawAt) : Number.NaN;
  if (Number.isNaN(ms)) throw new OutcomeError("at", `expected an ISO 8601 time like 2026-10-01T12:00:00Z, got "${rawAt}"`);
  const outcome: Outcome = { id, trace_id, kind, at: new Date(ms).toISOString(), success: successOf(o.success) };
  const v = o.value_usd;
  if (v !== undefined && v !== null && v !== "") {
    // a JSON number has already been through binary floating point: money must arrive as text
    if (typeof v !== "string" || !DECIMAL.test(v.trim()))
      throw new OutcomeError("value_usd", `expected a non-negative decimal string like "49.90" (at most 13 places), got ${JSON.stringify(v)}`);
    outcome.value_usd = v.trim();
  }
  return outcome;
}

/** true when absent or empty; CSV's true/false, yes/no, 1/0 */
function successOf(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return true;
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "true" || s === "yes" || s === "1") return true;
    if (s === "false" || s === "no" || s === "0") return false;
  }
  throw new OutcomeError("success", `expected true or false, got ${JSON.stringify(v)}`);
}
