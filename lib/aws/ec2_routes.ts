// The EC2 adapter for route failover: a VPC's route tables, and ReplaceRoute.

import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import type { RouteChange, RouteTableFacts } from "./plan_route_failover.ts";

/** What route failover needs from EC2. */
export interface RouteApi {
  /** Every route table of `vpcId` (every page). */
  routeTables(vpcId: string): Promise<RouteTableFacts[]>;
  /** Points the route `change` at ENI `to` in place (ReplaceRoute: never delete then create). */
  replace(change: RouteChange, to: string): Promise<void>;
  /** The ENI's VPC and source/destination check, or undefined when it does not exist. */
  networkInterface(id: string): Promise<{ vpcId: string; sourceDestCheck: boolean; instanceId?: string } | undefined>;
  readonly writes: number;
}

/**
 * Wraps `client` as a {@linkcode RouteApi}. Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const tables = await ec2Routes(aws.ec2).routeTables("vpc-0abc");
 * ```
 */
export function ec2Routes(client: EC2Client): RouteApi {
  let writes = 0;
  return {
    get writes() {
      return writes;
    },
    async routeTables(vpcId) {
      const out: RouteTableFacts[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeRouteTablesCommand({
            Filters: [{ Name: "vpc-id", Values: [vpcId] }],
            MaxResults: 100,
            NextToken,
          }),
        );
        for (const t of page.RouteTables ?? []) {
          out.push({
            routeTableId: t.RouteTableId ?? "",
            vpcId: t.VpcId ?? "",
            routes: (t.Routes ?? []).flatMap((r) => {
              const destination = r.DestinationCidrBlock
                ? { kind: "DestinationCidrBlock" as const, value: r.DestinationCidrBlock }
                : r.DestinationIpv6CidrBlock
                ? { kind: "DestinationIpv6CidrBlock" as const, value: r.DestinationIpv6CidrBlock }
                : r.DestinationPrefixListId
                ? { kind: "DestinationPrefixListId" as const, value: r.DestinationPrefixListId }
                : undefined;
              if (!destination) return [];
              return [{
                destination,
                ...(r.NetworkInterfaceId ? { networkInterfaceId: r.NetworkInterfaceId } : {}),
                ...(r.Origin ? { origin: r.Origin } : {}),
              }];
            }),
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return out;
    },
    async networkInterface(id) {
      try {
        const out = await client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id] }));
        const eni = out.NetworkInterfaces?.[0];
        if (!eni) return undefined;
        const instanceId = eni.Attachment?.InstanceId;
        return {
          vpcId: eni.VpcId ?? "",
          sourceDestCheck: eni.SourceDestCheck !== false,
          ...(instanceId ? { instanceId } : {}),
        };
      } catch (error) {
        if ((error as Error).name === "InvalidNetworkInterfaceID.NotFound") return undefined;
        throw error;
      }
    },
    async replace(change, to) {
      writes += 1;
      await client.send(
        new ReplaceRouteCommand({
          RouteTableId: change.routeTableId,
          [change.destination.kind]: change.destination.value,
          NetworkInterfaceId: to,
        }),
      );
    },
  };
}
