// route-failover end to end against the fake: switched in place, verified, idempotent; a missing route fails cleanly.

import assert from "node:assert/strict";
import { applyRouteFailover } from "../../lib/aws/apply_route_failover.ts";
import { createAwsContext } from "../../lib/aws/aws_context.ts";
import { ec2Routes } from "../../lib/aws/ec2_routes.ts";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { runTask } from "../support/run_task.ts";

const VPC = "vpc-0a1b2c3d";
const A = "eni-0aaaaaaa";
const B = "eni-0bbbbbbb";
const args = ["--vpc", VPC, "--from", A, "--to", B];

Deno.test("every route on the failed ENI is switched with ReplaceRoute, verified, and a second run does nothing", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const private1 = fake.addRouteTable({
      vpcId: VPC,
      routes: [{ destination: "0.0.0.0/0", networkInterfaceId: A }, {
        destination: "172.16.0.0/12",
        networkInterfaceId: A,
      }],
    });
    const private2 = fake.addRouteTable({
      vpcId: VPC,
      routes: [{ destination: "0.0.0.0/0", networkInterfaceId: A }, {
        destination: "192.168.0.0/16",
        gatewayId: "vgw-1",
      }],
    });
    const other = fake.addRouteTable({
      vpcId: "vpc-0ffffff0",
      routes: [{ destination: "0.0.0.0/0", networkInterfaceId: A }],
    });
    fake.addNetworkInterface({ networkInterfaceId: B, vpcId: VPC });
    const env = fake.env();

    const dry = await runTask("route-failover", [...args, "--dry-run", "--json"], { env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(JSON.parse(dry.stdout).replace.length, 3);
    assert.deepEqual(fake.writeCalls(), []);

    const r = await runTask("route-failover", [...args, "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.verified, true);
    assert.deepEqual(out.replaced.map((x: { destination: string }) => x.destination).sort(), [
      "0.0.0.0/0",
      "0.0.0.0/0",
      "172.16.0.0/12",
    ]);
    assert.deepEqual(fake.writeCalls().map((c) => c.operation), ["ReplaceRoute", "ReplaceRoute", "ReplaceRoute"]);
    assert.ok(fake.calls.at(-1)!.operation === "DescribeRouteTables", "verified by reading the tables back");
    const target = (rtb: string, cidr: string) =>
      fake.routeTable(rtb).routes.find((x) => x.destinationCidrBlock === cidr)!.networkInterfaceId;
    assert.equal(target(private1, "0.0.0.0/0"), B);
    assert.equal(target(private1, "172.16.0.0/12"), B);
    assert.equal(target(private2, "0.0.0.0/0"), B);
    assert.equal(
      fake.routeTable(private2).routes.find((x) => x.destinationCidrBlock === "192.168.0.0/16")!.gatewayId,
      "vgw-1",
    );
    assert.equal(target(other, "0.0.0.0/0"), A, "another VPC's routes are not touched");

    assert.match(r.stderr, new RegExp(`warning: ${B} has source/destination check on`));

    fake.resetCalls();
    const again = await runTask("route-failover", args, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`nothing to do: no route of ${VPC} targets ${A}`));
    assert.deepEqual(fake.writeCalls(), []);
  } finally {
    await fake.close();
  }
});

Deno.test("a --to ENI that does not exist or sits in another VPC is refused before any write", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    fake.addRouteTable({ vpcId: VPC, routes: [{ destination: "0.0.0.0/0", networkInterfaceId: A }] });
    fake.addNetworkInterface({ networkInterfaceId: "eni-0ccccccc", vpcId: "vpc-0ffffff0" });
    const env = fake.env();
    const missing = await runTask("route-failover", ["--vpc", VPC, "--from", A, "--to", B], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, new RegExp(`route-failover: --to ${B} does not exist in us-east-1`));
    const elsewhere = await runTask("route-failover", ["--vpc", VPC, "--from", A, "--to", "eni-0ccccccc"], { env });
    assert.equal(elsewhere.code, 2);
    assert.match(elsewhere.stderr, new RegExp(`--to eni-0ccccccc is in vpc-0ffffff0, not ${VPC}`));
    assert.deepEqual(fake.writeCalls(), []);
  } finally {
    await fake.close();
  }
});

Deno.test("ReplaceRoute on a route that vanished fails cleanly with AWS's reason and what was switched", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  const saved = Object.fromEntries(["AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]
    .map((k) => [k, Deno.env.get(k)]));
  try {
    const rtb = fake.addRouteTable({ vpcId: VPC, routes: [{ destination: "0.0.0.0/0", networkInterfaceId: A }] });
    fake.addNetworkInterface({ networkInterfaceId: B, vpcId: VPC });
    for (const [k, v] of Object.entries(fake.env())) if (k in saved) Deno.env.set(k, v);
    const aws = await createAwsContext();
    const api = ec2Routes(aws.ec2);
    const plan = {
      vpcId: VPC,
      from: A,
      to: B,
      replace: [
        { routeTableId: rtb, destination: { kind: "DestinationCidrBlock" as const, value: "0.0.0.0/0" } },
        { routeTableId: rtb, destination: { kind: "DestinationCidrBlock" as const, value: "10.99.0.0/16" } },
      ],
      already: [],
    };
    await assert.rejects(applyRouteFailover(plan, api), {
      name: "ActionError",
      message: `ReplaceRoute of ${rtb} 10.99.0.0/16 to ${B} failed: InvalidParameterValue: There is no route defined ` +
        `for '10.99.0.0/16' in the route table. Use CreateRoute instead.; already switched: ${rtb} 0.0.0.0/0; ` +
        "run it again to finish",
    });
    assert.deepEqual(fake.writeCalls().map((c) => [c.operation, c.error ?? "ok"]), [
      ["ReplaceRoute", "ok"],
      ["ReplaceRoute", "InvalidParameterValue"],
    ]);
    assert.ok(!fake.calls.some((c) => c.operation === "CreateRoute" || c.operation === "DeleteRoute"));
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    await fake.close();
  }
});
