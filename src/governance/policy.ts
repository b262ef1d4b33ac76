/**
 * Checking a policy definition (`Policy`, see `./decide.ts`) the way `parseBudget` checks a
 * budget: one zod schema, defaults filled in, the first bad field named in a `BudgetError`.
 */
import { z } from "zod";
import { BudgetError, SCOPE_KEYS } from "./budget.js";
import type { Policy } from "./decide.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const count = z.number().int("must be a whole number").positive("must be above 0");

export const PolicySchema = z
  .strictObject({
    name: z.string().regex(NAME, "letters, digits and _ . : - only"),
    match: z.record(z.string(), z.string().min(1)).default({}),
    allowModels: z.array(z.string().min(1)).optional(),
    denyModels: z.array(z.string().min(1)).optional(),
    maxInputTokens: count.optional(),
    maxOutputTokens: count.optional(),
    outputOverLimit: z.enum(["clamp", "refuse"]).optional(),
    requireTier: z.enum(["batch", "flex"]).optional(),
    rateLimit: z
      .strictObject({
        requestsPerMinute: count.optional(),
        tokensPerMinute: count.optional(),
        per: z.enum(["key", "scope"]).default("key"),
      })
      .optional(),
    dryRun: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    // zod still runs this refinement when a field above failed: read nothing that did not parse
    for (const key of typeof p.match === "object" && p.match !== null ? Object.keys(p.match) : []) {
      if (!(SCOPE_KEYS as readonly string[]).includes(key) && !/^tag\.[A-Za-z0-9_.:-]+$/.test(key)) {
        ctx.addIssue({ code: "custom", path: ["match", key], message: `unknown match key (one of ${SCOPE_KEYS.join(", ")}, tag.<key>)` });
      }
    }
    if (p.outputOverLimit !== undefined && p.maxOutputTokens === undefined)
      ctx.addIssue({ code: "custom", path: ["outputOverLimit"], message: "only with a maximum output (max output tokens)" });
    if (typeof p.rateLimit === "object" && p.rateLimit !== null && p.rateLimit.requestsPerMinute === undefined && p.rateLimit.tokensPerMinute === undefined)
      ctx.addIssue({ code: "custom", path: ["rateLimit"], message: "give a requests per minute or tokens per minute limit, or both" });
  });

/**
 * A checked policy with defaults filled in; throws a BudgetError naming the first bad field.
 * @example parsePolicy({ name: "offline-batch", match: { feature: "nightly" }, requireTier: "batch" })
 */
export function parsePolicy(input: unknown): Policy {
  const r = PolicySchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new BudgetError(issue.path.length ? issue.path.join(".") : "policy", issue.message);
  }
  const { rateLimit, ...rest } = r.data;
  const policy: Policy = { ...rest };
  if (rateLimit) {
    policy.rateLimit = { per: rateLimit.per };
    if (rateLimit.requestsPerMinute !== undefined) policy.rateLimit.requestsPerMinute = rateLimit.requestsPerMinute;
    if (rateLimit.tokensPerMinute !== undefined) policy.rateLimit.tokensPerMinute = rateLimit.tokensPerMinute;
  }
  return policy;
}
