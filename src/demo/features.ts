/**
 * The demo company's eleven LLM features: who owns each, which models it calls, how big its
 * prompts and answers are, how agentic it is, how often it fails. Every number here is a
 * recipe knob; the generator reads only this table.
 */

export interface ModelShare {
  model: string;
  weight: number;
}

/** a log-normal size: half the calls are under `median` tokens */
export interface Size {
  median: number;
  sigma: number;
}

/** one LLM call in a trace (repeated `toolTurns` more times when the model asks for tools) */
export interface Step {
  models: readonly ModelShare[];
  prompt: Size;
  output: Size;
  /** extra calls answering tool results: Poisson with this mean, at most `max` */
  toolTurns?: { mean: number; max: number };
  /** chance a first call finds its prefix cached, and the share of the prompt that prefix is */
  cache?: { hitRate: number; prefixShare: number; ttl?: "5m" | "1h" };
  /** tokens of a system prompt every call sends first, the same text each time (on top of `prompt`) */
  systemPrompt?: number;
}

export type Audience = "customers" | "engineers" | "service";

export interface Feature {
  name: string;
  team: string;
  project: string;
  audience: Audience;
  /** traces per weekday at scale 1, on the last day of the window */
  tracesPerDay: number;
  /** weekend volume relative to a weekday */
  weekend: number;
  /** utc hours the traffic falls in (default: the company's diurnal curve) */
  hours?: readonly number[];
  steps: readonly Step[];
  /** scales the models' reasoning (a lower effort setting, or harder tasks) */
  reasoningEffort?: number;
  /** chance one call fails (and is retried) */
  errorRate: number;
  /** share of traces sent to staging */
  staging: number;
  /** embeddings backfill goes through the batch api */
  batch?: boolean;
  /** share of traces routed to the self-hosted model instead (an a/b test) */
  internalShare?: number;
}

export const FEATURES: readonly Feature[] = [
  {
    name: "support-bot",
    team: "support",
    project: "helpdesk",
    audience: "customers",
    tracesPerDay: 150,
    weekend: 0.7,
    steps: [
      {
        models: [
          { model: "claude-sonnet-4-5", weight: 55 },
          { model: "claude-haiku-4-5", weight: 45 },
        ],
        prompt: { median: 2600, sigma: 0.6 },
        output: { median: 220, sigma: 0.6 },
        toolTurns: { mean: 1.2, max: 5 },
        cache: { hitRate: 0.75, prefixShare: 0.75 },
      },
    ],
    errorRate: 0.02,
    staging: 0.05,
  },
  {
    name: "ticket-summary",
    team: "support",
    project: "helpdesk",
    audience: "customers",
    tracesPerDay: 100,
    weekend: 0.5,
    steps: [
      {
        models: [
          { model: "gpt-4o-mini", weight: 85 },
          { model: "gpt-4.1-mini", weight: 15 },
        ],
        prompt: { median: 1700, sigma: 0.7 },
        output: { median: 160, sigma: 0.4 },
        cache: { hitRate: 0.2, prefixShare: 0.5 },
      },
    ],
    errorRate: 0.015,
    staging: 0.06,
    internalShare: 0.02,
  },
  {
    name: "semantic-search",
    team: "search",
    project: "search",
    audience: "customers",
    tracesPerDay: 125,
    weekend: 0.5,
    steps: [
      // embed the query, then answer from the retrieved passages
      { models: [{ model: "text-embedding-3-small", weight: 1 }], prompt: { median: 24, sigma: 0.5 }, output: { median: 0, sigma: 0 } },
      {
        models: [
          { model: "gemini-2.5-flash", weight: 80 },
          { model: "gemini-2.5-pro", weight: 20 },
        ],
        prompt: { median: 3200, sigma: 0.5 },
        output: { median: 190, sigma: 0.5 },
        cache: { hitRate: 0.3, prefixShare: 0.3 },
      },
    ],
    errorRate: 0.01,
    staging: 0.05,
  },
  {
    name: "query-rewrite",
    team: "search",
    project: "search",
    audience: "customers",
    tracesPerDay: 85,
    weekend: 0.5,
    steps: [
      {
        models: [
          { model: "gpt-4.1-mini", weight: 60 },
          { model: "gemini-2.5-flash", weight: 40 },
        ],
        prompt: { median: 380, sigma: 0.4 },
        output: { median: 45, sigma: 0.5 },
      },
    ],
    reasoningEffort: 0.3,
    errorRate: 0.01,
    staging: 0.08,
    internalShare: 0.045,
  },
  {
    name: "email-drafts",
    team: "growth",
    project: "outreach",
    audience: "customers",
    tracesPerDay: 42,
    weekend: 0.3,
    steps: [
      {
        models: [
          { model: "gpt-4.1", weight: 70 },
          { model: "claude-sonnet-4-5", weight: 30 },
        ],
        prompt: { median: 1400, sigma: 0.5 },
        output: { median: 420, sigma: 0.4 },
        cache: { hitRate: 0.5, prefixShare: 0.6 },
      },
    ],
    errorRate: 0.02,
    staging: 0.07,
  },
  {
    name: "onboarding-agent",
    team: "growth",
    project: "onboarding",
    audience: "customers",
    tracesPerDay: 20,
    weekend: 0.6,
    steps: [
      {
        models: [
          { model: "gpt-5-mini", weight: 70 },
          { model: "o3", weight: 30 },
        ],
        prompt: { median: 2200, sigma: 0.5 },
        output: { median: 260, sigma: 0.6 },
        toolTurns: { mean: 3.5, max: 10 },
        cache: { hitRate: 0.4, prefixShare: 0.6 },
      },
    ],
    errorRate: 0.035,
    staging: 0.1,
  },
  {
    name: "code-review",
    team: "platform",
    project: "devex",
    audience: "engineers",
    tracesPerDay: 26,
    weekend: 0.08,
    steps: [
      {
        models: [
          { model: "gpt-5", weight: 55 },
          { model: "claude-sonnet-4-5", weight: 45 },
        ],
        prompt: { median: 9000, sigma: 0.7 },
        output: { median: 700, sigma: 0.5 },
        toolTurns: { mean: 1.5, max: 6 },
        // the repository context is reused across a review session: the 1-hour cache pays off
        cache: { hitRate: 0.6, prefixShare: 0.8, ttl: "1h" },
      },
    ],
    reasoningEffort: 1.5,
    errorRate: 0.025,
    staging: 0,
  },
  // three planted savings `tokenomics savings` finds (src/demo/savings.test.ts checks each by hand):
  // an over-powered classifier (one-word labels from claude-sonnet-4-5)…
  {
    name: "ticket-triage",
    team: "support",
    project: "helpdesk",
    audience: "service",
    tracesPerDay: 110,
    weekend: 0.5,
    steps: [{ models: [{ model: "claude-sonnet-4-5", weight: 1 }], prompt: { median: 900, sigma: 0.3 }, output: { median: 6, sigma: 0.3 } }],
    errorRate: 0,
    staging: 0,
  },
  // …a nightly job on the interactive api that could wait for batch…
  {
    name: "nightly-digest",
    team: "growth",
    project: "outreach",
    audience: "service",
    tracesPerDay: 150,
    weekend: 1,
    hours: [2, 3],
    steps: [{ models: [{ model: "gpt-4.1-mini", weight: 1 }], prompt: { median: 2500, sigma: 0.4 }, output: { median: 350, sigma: 0.3 } }],
    errorRate: 0,
    staging: 0,
  },
  // …and a 3,000-token policy handbook sent as the system prompt of every call, never cached
  {
    name: "policy-qa",
    team: "support",
    project: "helpdesk",
    audience: "customers",
    tracesPerDay: 90,
    weekend: 0.5,
    steps: [
      {
        models: [{ model: "claude-sonnet-4-5", weight: 1 }],
        systemPrompt: 3000,
        prompt: { median: 250, sigma: 0.5 },
        output: { median: 300, sigma: 0.3 },
      },
    ],
    errorRate: 0,
    staging: 0,
  },
  {
    name: "embeddings-backfill",
    team: "platform",
    project: "search-index",
    audience: "service",
    tracesPerDay: 55,
    weekend: 1,
    hours: [1, 2, 3],
    // each batch line embeds a page of documents (many inputs in one request)
    steps: [{ models: [{ model: "text-embedding-3-small", weight: 1 }], prompt: { median: 60_000, sigma: 0.5 }, output: { median: 0, sigma: 0 } }],
    errorRate: 0.005,
    staging: 0,
    batch: true,
  },
];
