/**
 * The demo company's customers and people. Customer traffic is heavy-tailed (Zipf): a few
 * enterprise accounts dominate spend and a long tail barely registers, as in real B2B SaaS.
 */
import type { Feature } from "./features.js";
import { Rng, seedFrom, zipfWeights } from "../shared/random.js";

export const ORG = "northwind";

const CUSTOMER_NAMES = [
  "blue-harbor",
  "copperleaf",
  "daybreak-health",
  "ember-logistics",
  "fjord-bank",
  "granite-works",
  "helix-bio",
  "ironclad-legal",
  "juniper-retail",
  "kestrel-air",
  "lumen-energy",
  "meridian-travel",
  "nimbus-media",
  "oakline-insurance",
  "pinecrest-edu",
  "quarry-labs",
  "redwood-foods",
  "saltmarsh-games",
  "tidewater-realty",
  "umber-textiles",
  "vantage-hr",
  "willow-pharma",
  "xenon-robotics",
  "yarrow-farms",
  "zephyr-mobility",
] as const;

export type Plan = "enterprise" | "growth" | "starter";

export interface Customer {
  id: string;
  plan: Plan;
  /** overall share of customer traffic, before per-feature affinity */
  weight: number;
  /** relative use of each feature (some customers live in the bot, others in search) */
  affinity: Readonly<Record<string, number>>;
  users: readonly string[];
  /** heavy users send most of a customer's traffic too */
  userWeights: readonly number[];
}

export interface Company {
  customers: readonly Customer[];
  /** per customer-facing feature: each customer's share of its traffic (weight × affinity) */
  customerWeights: Readonly<Record<string, readonly number[]>>;
  engineers: readonly string[];
  /** a few engineers review far more code than the rest */
  engineerWeights: readonly number[];
  qa: readonly string[];
}

/**
 * The customers, users and engineers for a seed; the same seed builds the same company.
 *
 * @example
 * buildCompany(42, FEATURES).customers[0]!.id; // "…", the heaviest account
 */
export function buildCompany(seed: number, features: readonly Feature[]): Company {
  const rng = new Rng(seedFrom(seed, "company"));
  // shuffle names so each seed crowns a different top account
  const names = [...CUSTOMER_NAMES];
  for (let i = names.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  const weights = zipfWeights(names.length, 1.15);
  const customers = names.map((id, rank): Customer => {
    const plan: Plan = rank < 5 ? "enterprise" : rank < 14 ? "growth" : "starter";
    const affinity: Record<string, number> = {};
    for (const f of features) if (f.audience === "customers") affinity[f.name] = rng.logNormal(1, 0.5);
    const userCount = Math.max(3, Math.round(120 * weights[rank]! * rng.logNormal(1, 0.3)));
    const users = Array.from({ length: userCount }, (_, i) => `${id}/u${String(i + 1).padStart(3, "0")}`);
    return { id, plan, weight: weights[rank]!, affinity, users, userWeights: zipfWeights(userCount, 0.8) };
  });
  const customerWeights: Record<string, number[]> = {};
  for (const f of features) if (f.audience === "customers") customerWeights[f.name] = customers.map((c) => c.weight * c.affinity[f.name]!);
  const engineers = Array.from({ length: 36 }, (_, i) => `eng-${String(i + 1).padStart(2, "0")}`);
  const qa = Array.from({ length: 6 }, (_, i) => `qa-${i + 1}`);
  return { customers, customerWeights, engineers, engineerWeights: zipfWeights(engineers.length, 0.6), qa };
}
