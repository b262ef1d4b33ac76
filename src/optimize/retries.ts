/** `--no-retries`: the retried attempts and failed calls not made */
import type { UsageEvent } from "../usage/event.js";
import { events, Tally, type Counterfactual, type Outcome } from "./counterfactual.js";

/** a later attempt of the same request (`attempt > 1` or `is_retry`) */
export function isRetry(e: UsageEvent): boolean {
  return (e.interaction.attempt ?? 1) > 1 || e.interaction.is_retry === true;
}

/** a call that did not end well (`status` recorded and not "ok") */
export function isFailed(e: UsageEvent): boolean {
  return e.request.status !== undefined && e.request.status !== "ok";
}

/**
 * Removes the cost of failed attempts, retried or not (α → 1 for those interactions). A retry
 * that succeeded stays: it stands for the first try that would have succeeded.
 * @example noRetries().apply({ ...call, request: { status: "error" } }) // { kind: "removed" }
 */
export function noRetries(): Counterfactual {
  const tally = new Tally();
  return {
    notEligible: [],
    apply(e: UsageEvent): Outcome {
      const retry = isRetry(e);
      if (isFailed(e)) {
        tally.add(retry ? "failed retry" : "failed first try");
        return { kind: "removed" };
      }
      if (retry) {
        tally.add("successful retry");
        return { kind: "same", reason: "a retry that succeeded (kept as the first try)" };
      }
      return { kind: "same", reason: "a first attempt that succeeded" };
    },
    assumptions: () => [
      `${events(tally.get("failed retry"))} failed retries (attempt > 1 or is_retry, status not "ok") and ${events(tally.get("failed first try"))} failed first attempts removed`,
      `${events(tally.get("successful retry"))} retries that succeeded keep their cost: each interaction is assumed to get its answer from one successful call, as if it had been the first try`,
      "a call with no recorded status counts as ok, so attempts that failed without saying so are kept; failures that were not retried are removed too, though something else may have replaced them",
    ],
  };
}
