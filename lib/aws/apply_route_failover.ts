// Route failover, executed: ReplaceRoute for each planned route, then DescribeRouteTables to prove it.

import { ActionError } from "../cli/errors.ts";
import { awsErrorText } from "./aws_context.ts";
import type { RouteApi } from "./ec2_routes.ts";
import type { RouteChange, RouteFailoverPlan } from "./plan_route_failover.ts";

/** What {@linkcode applyRouteFailover} did. */
export interface RouteFailoverResult {
  replaced: RouteChange[];
  /** Every planned route read back on the new ENI. */
  verified: boolean;
}

/**
 * Switches every route of `plan.replace` to `plan.to` with ReplaceRoute (in place: traffic never finds no
 * route), then reads the VPC's route tables back and checks each one. A failed ReplaceRoute or a route not on
 * `plan.to` afterwards throws {@linkcode ActionError} (exit 2) saying what was and was not switched.
 * Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const result = await applyRouteFailover(plan, ec2Routes(aws.ec2));
 * ```
 */
export async function applyRouteFailover(plan: RouteFailoverPlan, api: RouteApi): Promise<RouteFailoverResult> {
  const replaced: RouteChange[] = [];
  const label = (c: RouteChange) => `${c.routeTableId} ${c.destination.value}`;
  for (const change of plan.replace) {
    try {
      await api.replace(change, plan.to);
    } catch (error) {
      const done = replaced.length ? `; already switched: ${replaced.map(label).join(", ")}` : "; nothing was switched";
      throw new ActionError(
        `ReplaceRoute of ${label(change)} to ${plan.to} failed: ${awsErrorText(error)}${done}; run it again to finish`,
        { cause: error },
      );
    }
    replaced.push(change);
  }
  if (!replaced.length) return { replaced, verified: true };
  const tables = await api.routeTables(plan.vpcId);
  const wrong = replaced.filter((c) => {
    const table = tables.find((t) => t.routeTableId === c.routeTableId);
    const route = table?.routes.find((r) =>
      r.destination.kind === c.destination.kind && r.destination.value === c.destination.value
    );
    return route?.networkInterfaceId !== plan.to;
  });
  if (wrong.length) {
    throw new ActionError(
      `Route failover not verified: ${
        wrong.map(label).join(", ")
      } not on ${plan.to} after ReplaceRoute; check the route tables`,
    );
  }
  return { replaced, verified: true };
}
