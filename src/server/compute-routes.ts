/**
 * `/api/compute/*`: the `compute` commands over HTTP, each answering what the command's `--json`
 * prints for the same inputs, its flags as query parameters in snake_case (`gpu_price`,
 * `input_share`, …). The built-in cards only; nothing here reads the ledger. Any caller.
 */
import { type Context, Hono } from "hono";
import type { CardSet } from "../compute/index.js";
import type { ApiDeps } from "./api-deps.js";
import type { ComputeBreakeven, ComputeCalibration, ComputeCards, ComputeCost, ComputePrice } from "./api-types.js";
import type { RouteHelpers } from "./route-helpers.js";

/** the parameters a calculation reads; others are ignored */
const KEYS = [
  "model",
  "gpu",
  "gpus",
  "gpu_price",
  "utilization",
  "precision",
  "batch",
  "context",
  "input_share",
  "input_tokens",
  "output_tokens",
  "tokens_per_second",
  "calibration",
  "against",
  "margin",
] as const;

/** registers `GET /api/compute/cost`, `/breakeven`, `/price`, `/cards` and `/calibration` */
export function computeRoutes(deps: ApiDeps, h: RouteHelpers): Hono {
  const app = new Hono();
  // loaded on the first compute request, the cards built once
  let cards: CardSet | undefined;
  const load = async () => {
    const compute = await import("../compute/index.js");
    cards ??= new compute.CardSet();
    return { compute, cards };
  };
  /** the query's calculation parameters, named as the API names them in errors */
  const params = async (c: Context) => {
    const { compute, cards } = await load();
    const q = h.query(c);
    return { compute, cards, p: new compute.Params(Object.fromEntries(KEYS.map((k) => [k, q.one(k)])), compute.queryName) };
  };

  app.get("/api/compute/cost", async (c) => {
    h.caller(c);
    const { compute, cards, p } = await params(c);
    const answer: ComputeCost = compute.computeCost(compute.readRequest(p, cards));
    return c.json(answer);
  });

  app.get("/api/compute/breakeven", async (c) => {
    h.caller(c);
    const { compute, cards, p } = await params(c);
    const request = compute.readRequest(p, cards);
    const rates = compute.apiRates(deps.catalog, p.required("against"), "against");
    const answer: ComputeBreakeven = compute.breakeven(compute.computeCost(request), rates, request.input_share);
    return c.json(answer);
  });

  app.get("/api/compute/price", async (c) => {
    h.caller(c);
    const { compute, cards, p } = await params(c);
    const { request, margin, batches } = compute.priceRequest(p, cards);
    const answer: ComputePrice = compute.costPlus(request, margin, batches);
    return c.json(answer);
  });

  app.get("/api/compute/cards", async (c) => {
    h.caller(c);
    const { cards } = await load();
    const answer: ComputeCards = { models: [...cards.models], gpus: [...cards.gpus] };
    return c.json(answer);
  });

  app.get("/api/compute/calibration", async (c) => {
    h.caller(c);
    const { compute, cards } = await load();
    const answer: ComputeCalibration = compute.calibrationReport(cards);
    return c.json(answer);
  });
  return app;
}
