import Big from "big.js";
import type { Catalog } from "../pricing/catalog.js";
import type { Route } from "./portfolio.js";
import { requestCost, type MeanRequest, type RequestCost } from "./request-cost.js";

/** one model's part of a use case's requests, with the token means of its requests */
export interface RouteShare {
  model: string;
  /** share of the requests, exact */
  share: Big;
  mean: MeanRequest;
}

/**
 * How a use case's requests split across models: each route its share (token means it leaves
 * out are the use case's), then `model` whatever share is left, when any is.
 *
 * @example
 * splitRequests("gpt-4o", [{ model: "gpt-4o-mini", share: 0.3 }], mean)
 * // [{ model: "gpt-4o-mini", share: 0.3, mean }, { model: "gpt-4o", share: 0.7, mean }]
 */
export function splitRequests(model: string, routing: readonly Route[] | undefined, mean: MeanRequest): RouteShare[] {
  const routes = (routing ?? []).map(
    (r): RouteShare => ({
      model: r.model,
      share: new Big(String(r.share)),
      mean: {
        input: r.input_tokens ?? mean.input,
        cached_input: r.cached_input_tokens ?? mean.cached_input,
        output: r.output_tokens ?? mean.output,
        reasoning: r.reasoning_tokens ?? mean.reasoning,
      },
    }),
  );
  const rest = routes.reduce((left, r) => left.minus(r.share), new Big(1));
  // the schema allows a sum a hair over 1 (binary rounding of written shares): nothing is left then
  return rest.gt(0) ? [...routes, { model, share: rest, mean }] : routes;
}

/**
 * What one mean request of a routing mix costs: Σ share × the route's request cost, exactly,
 * with the input-side, output-side and fixed parts summed the same way. The mix is unpriced
 * when any route with a share is (never priced as if that part were free); a single route is
 * just `requestCost`.
 *
 * @example
 * mixCost(catalog, splitRequests("gpt-4o", [{ model: "gpt-4o-mini", share: 0.5 }], mean), at).total
 */
export function mixCost(catalog: Catalog, routes: readonly RouteShare[], at: string, options: { batch?: boolean } = {}): RequestCost {
  const one = routes.length === 1 && routes[0]!.share.eq(1) ? routes[0]! : undefined;
  if (one !== undefined) return requestCost(catalog, one.model, at, one.mean, options);
  const costs = routes.map((r) => ({ route: r, cost: requestCost(catalog, r.model, at, r.mean, options) }));
  // the use case's own model (last) names the mix; a route's model when it has no share left
  const named = costs.at(-1)!.cost;
  const unpriced = costs.find((c) => !c.cost.priced);
  if (unpriced !== undefined) {
    const reason = unpriced.cost.priced ? "" : unpriced.cost.reason;
    return {
      priced: false,
      resolved_model: named.resolved_model,
      reason: `route ${unpriced.route.model} (${unpriced.route.share.times(100).toFixed()}% of requests): ${reason}`,
    };
  }
  const sum = (part: (c: Extract<RequestCost, { priced: true }>) => Big) =>
    costs.reduce((s, { route, cost }) => s.plus(part(cost as Extract<RequestCost, { priced: true }>).times(route.share)), new Big(0));
  const inputPart = sum((c) => c.inputPart);
  const outputPart = sum((c) => c.outputPart);
  const fixedPart = sum((c) => c.fixedPart);
  const main = named as Extract<RequestCost, { priced: true }>;
  return {
    priced: true,
    resolved_model: main.resolved_model,
    version_from: main.version_from,
    total: inputPart.plus(outputPart).plus(fixedPart),
    inputPart,
    outputPart,
    fixedPart,
  };
}

/**
 * The share-weighted token means of a mix (what a mean request of the use case carries).
 * @example mixMean([{ model: "a", share: new Big(0.5), mean: m1 }, { model: "b", share: new Big(0.5), mean: m2 }])
 */
export function mixMean(routes: readonly RouteShare[]): MeanRequest {
  const of = (k: keyof MeanRequest) => routes.reduce((s, r) => s + Number(r.share) * r.mean[k], 0);
  return { input: of("input"), cached_input: of("cached_input"), output: of("output"), reasoning: of("reasoning") };
}
