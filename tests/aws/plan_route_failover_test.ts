import assert from "node:assert/strict";
import { planRouteFailover, type RouteTableFacts } from "../../lib/aws/plan_route_failover.ts";

const tables: RouteTableFacts[] = [
  {
    routeTableId: "rtb-2",
    vpcId: "vpc-1",
    routes: [
      { destination: { kind: "DestinationCidrBlock", value: "10.0.0.0/16" }, origin: "CreateRouteTable" },
      { destination: { kind: "DestinationCidrBlock", value: "0.0.0.0/0" }, networkInterfaceId: "eni-a" },
      { destination: { kind: "DestinationIpv6CidrBlock", value: "::/0" }, networkInterfaceId: "eni-a" },
    ],
  },
  {
    routeTableId: "rtb-1",
    vpcId: "vpc-1",
    routes: [
      { destination: { kind: "DestinationPrefixListId", value: "pl-1" }, networkInterfaceId: "eni-a" },
      { destination: { kind: "DestinationCidrBlock", value: "192.168.0.0/16" }, networkInterfaceId: "eni-b" },
      { destination: { kind: "DestinationCidrBlock", value: "172.16.0.0/12" }, networkInterfaceId: "eni-c" },
    ],
  },
  {
    routeTableId: "rtb-9",
    vpcId: "vpc-other",
    routes: [{ destination: { kind: "DestinationCidrBlock", value: "0.0.0.0/0" }, networkInterfaceId: "eni-a" }],
  },
];

Deno.test("every route of the VPC on the failed ENI is switched, in table order; others are left", () => {
  const plan = planRouteFailover(tables, { vpcId: "vpc-1", from: "eni-a", to: "eni-b" });
  assert.deepEqual(plan.replace.map((r) => `${r.routeTableId} ${r.destination.value}`), [
    "rtb-1 pl-1",
    "rtb-2 0.0.0.0/0",
    "rtb-2 ::/0",
  ]);
  assert.deepEqual(plan.already.map((r) => `${r.routeTableId} ${r.destination.value}`), ["rtb-1 192.168.0.0/16"]);
});

Deno.test("after the switch the plan is empty; the same ENI twice is refused", () => {
  const switched = tables.map((t) => ({
    ...t,
    routes: t.routes.map((r) => r.networkInterfaceId === "eni-a" ? { ...r, networkInterfaceId: "eni-b" } : r),
  }));
  const plan = planRouteFailover(switched, { vpcId: "vpc-1", from: "eni-a", to: "eni-b" });
  assert.deepEqual(plan.replace, []);
  assert.equal(plan.already.length, 4);
  assert.throws(() => planRouteFailover(tables, { vpcId: "vpc-1", from: "eni-a", to: "eni-a" }), RangeError);
});
