/**
 * A finished call's one record: built from what was seen (estimated with the tokenizer when the
 * usage is missing or garbage), handed to the recorder, and only once it is spooled is the
 * client's response ended — no answered call goes unrecorded.
 */
import type { UsageRecord } from "../usage/event.js";
import { buildRecord, type CallFacts, type CallOutcome } from "./call-record.js";
import type { GatewayDeps } from "./deps.js";
import type { Metered } from "./meter.js";

const NOTHING_SEEN: Metered = { toolCall: false, text: "" };

/** record the call, then `end` its response (whatever happens to the record) */
export function recordCall(deps: GatewayDeps, facts: CallFacts & CallOutcome, metered: Metered | undefined, end: () => void): void {
  const record = (r: UsageRecord): void => {
    let handed = false;
    try {
      deps.record(r, end);
      handed = true;
    } catch (e) {
      deps.onError?.(new Error(`call ${facts.callId} could not be recorded: ${(e as Error).message}`));
    } finally {
      if (!handed) end();
    }
  };
  const built = buildRecord(facts, metered ?? NOTHING_SEEN);
  if (built instanceof Promise)
    void built.then(record, (e: Error) => {
      deps.onError?.(e);
      end();
    });
  else record(built);
}
