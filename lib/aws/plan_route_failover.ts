// Router failover across AZs: which routes of a VPC point at the failed ENI, and must be switched to the other.

/** A route's destination, as ReplaceRoute names it. */
export interface RouteDestination {
  kind: "DestinationCidrBlock" | "DestinationIpv6CidrBlock" | "DestinationPrefixListId";
  value: string;
}

/** One route of a route table (only the fields failover reads). */
export interface RouteFacts {
  destination: RouteDestination;
  networkInterfaceId?: string;
  /** `CreateRouteTable` (local), `CreateRoute` or `EnableVgwRoutePropagation`. */
  origin?: string;
}

/** One route table of the VPC. */
export interface RouteTableFacts {
  routeTableId: string;
  vpcId: string;
  routes: RouteFacts[];
}

/** One route to switch (or already switched). */
export interface RouteChange {
  routeTableId: string;
  destination: RouteDestination;
}

/** The plan of `route-failover`. */
export interface RouteFailoverPlan {
  vpcId: string;
  from: string;
  to: string;
  /** Routes on `from`: ReplaceRoute each to `to`. */
  replace: RouteChange[];
  /** Routes already on `to`: nothing to do. */
  already: RouteChange[];
}

/**
 * Plans the failover of every route in `tables` of `vpcId` that targets ENI `from` to ENI `to`. Routes of other
 * VPCs are ignored. Pure: needs no permissions. Throws `RangeError` when `from` and `to` are the same.
 *
 * @example
 * ```ts
 * const plan = planRouteFailover(tables, { vpcId: "vpc-1", from: "eni-a", to: "eni-b" });
 * ```
 */
export function planRouteFailover(
  tables: RouteTableFacts[],
  target: { vpcId: string; from: string; to: string },
): RouteFailoverPlan {
  if (target.from === target.to) {
    throw new RangeError(`--from and --to are both ${target.from}: give the failed ENI and the one to switch to`);
  }
  const plan: RouteFailoverPlan = { ...target, replace: [], already: [] };
  const sorted = [...tables].filter((t) => t.vpcId === target.vpcId)
    .sort((a, b) => a.routeTableId.localeCompare(b.routeTableId));
  for (const table of sorted) {
    for (const route of table.routes) {
      const change = { routeTableId: table.routeTableId, destination: route.destination };
      if (route.networkInterfaceId === target.from) plan.replace.push(change);
      else if (route.networkInterfaceId === target.to) plan.already.push(change);
    }
  }
  return plan;
}
