import { PlanInputError } from "../planning/index.js";
import { UsageError } from "./errors.js";

/** planning work, its input problems (PlanInputError, already naming the flag) as usage errors: exit 2, message unchanged */
export function planInput<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof PlanInputError) throw new UsageError(e.message);
    throw e;
  }
}
