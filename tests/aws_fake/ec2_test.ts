import assert from "node:assert/strict";
import {
  CreateRouteCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstanceTypesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  paginateDescribeInstances,
  RebootInstancesCommand,
  ReplaceRouteCommand,
} from "@aws-sdk/client-ec2";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { clientsFor, rejection } from "./helpers.ts";

Deno.test("DescribeInstances returns seeded instances with tags, placement and state through the SDK", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const web = fake.addInstance({
      type: "t3.micro",
      tags: { Role: "web", Name: "w1" },
      availabilityZone: "us-east-1b",
    });
    const host = fake.addInstance({ type: "m5.large", tenancy: "host", hostId: "h-0123456789abcdef0" });
    const { ec2 } = clientsFor(fake);
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [web, host] }));
    const instances = out.Reservations!.flatMap((r) => r.Instances!);
    assert.deepEqual(instances.map((i) => i.InstanceId).sort(), [web, host].sort());
    const w = instances.find((i) => i.InstanceId === web)!;
    assert.equal(w.InstanceType, "t3.micro");
    assert.equal(w.State?.Name, "running");
    assert.equal(w.State?.Code, 16);
    assert.equal(w.Placement?.AvailabilityZone, "us-east-1b");
    assert.equal(w.Placement?.Tenancy, "default");
    assert.deepEqual(w.Tags, [{ Key: "Role", Value: "web" }, { Key: "Name", Value: "w1" }]);
    assert.equal(w.BlockDeviceMappings?.[0]?.DeviceName, "/dev/xvda");
    assert.match(w.PrivateIpAddress ?? "", /^10\.0\./);
    const h = instances.find((i) => i.InstanceId === host)!;
    assert.equal(h.Placement?.Tenancy, "host");
    assert.equal(h.Placement?.HostId, "h-0123456789abcdef0");
  } finally {
    await fake.close();
  }
});

Deno.test("DescribeInstances filters by tag, tag-key, state and id, with wildcards", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const a = fake.addInstance({ tags: { Role: "web" } });
    const b = fake.addInstance({ tags: { Role: "db" }, state: "stopped" });
    const c = fake.addInstance({ tags: { Team: "x" } });
    const { ec2 } = clientsFor(fake);
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      (await ec2.send(new DescribeInstancesCommand({ Filters }))).Reservations!.flatMap((r) => r.Instances!)
        .map((i) => i.InstanceId).sort();
    assert.deepEqual(await ids([{ Name: "tag:Role", Values: ["web"] }]), [a]);
    assert.deepEqual(await ids([{ Name: "tag:Role", Values: ["w*", "d?"] }]), [a, b].sort());
    assert.deepEqual(await ids([{ Name: "tag-key", Values: ["Team"] }]), [c]);
    assert.deepEqual(await ids([{ Name: "instance-state-name", Values: ["running"] }]), [a, c].sort());
    assert.deepEqual(
      await ids([{ Name: "instance-state-name", Values: ["running"] }, { Name: "tag-key", Values: ["Role"] }]),
      [a],
    );
    assert.deepEqual(await ids([{ Name: "instance-id", Values: [b] }]), [b]);
    const bad = await rejection(
      ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "colour", Values: ["x"] }] })),
    );
    assert.equal(bad.name, "InvalidParameterValue");
    assert.equal(bad.message, "The filter 'colour' is invalid");
  } finally {
    await fake.close();
  }
});

Deno.test("DescribeInstances pages with MaxResults and NextToken, and the SDK paginator sees every instance", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const all = fake.addInstances(23, { tags: { Role: "web" } });
    const { ec2 } = clientsFor(fake);
    const first = await ec2.send(new DescribeInstancesCommand({ MaxResults: 10 }));
    assert.equal(first.Reservations!.length, 10);
    assert.ok(first.NextToken);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 10 }, {})) {
      pages++;
      seen.push(...page.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!)));
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen.sort(), [...all].sort());
    const small = await rejection(ec2.send(new DescribeInstancesCommand({ MaxResults: 2 })));
    assert.equal(small.name, "InvalidParameterValue");
    assert.match(small.message, /Expecting a value greater than 5/);
    const both = await rejection(ec2.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [all[0]!] })));
    assert.equal(both.name, "InvalidParameterCombination");
  } finally {
    await fake.close();
  }
});

Deno.test("DescribeInstances rejects unknown and malformed instance ids as EC2 does", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const { ec2 } = clientsFor(fake);
    const missing = await rejection(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })));
    assert.equal(missing.name, "InvalidInstanceID.NotFound");
    assert.equal(missing.message, "The instance ID 'i-0123456789abcdef0' does not exist");
    const bad = await rejection(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["web-1"] })));
    assert.equal(bad.name, "InvalidInstanceID.Malformed");
  } finally {
    await fake.close();
  }
});

Deno.test("DescribeInstanceTypes reports AutoRecoverySupported, instance storage and bare metal", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const { ec2 } = clientsFor(fake);
    const out = await ec2.send(
      new DescribeInstanceTypesCommand({
        InstanceTypes: ["t3.micro", "m5.large", "m5d.large", "i3.large", "m5.metal"],
      }),
    );
    const byName = Object.fromEntries(out.InstanceTypes!.map((t) => [t.InstanceType!, t]));
    assert.equal(byName["t3.micro"]!.AutoRecoverySupported, true);
    assert.equal(byName["m5.large"]!.AutoRecoverySupported, true);
    assert.equal(byName["m5.large"]!.InstanceStorageSupported, false);
    assert.equal(byName["m5d.large"]!.AutoRecoverySupported, false);
    assert.equal(byName["m5d.large"]!.InstanceStorageSupported, true);
    assert.equal(byName["m5d.large"]!.InstanceStorageInfo?.TotalSizeInGB, 75);
    assert.equal(byName["i3.large"]!.InstanceStorageInfo?.Disks?.[0]?.Count, 1);
    assert.equal(byName["m5.metal"]!.BareMetal, true);
    assert.equal(byName["m5.metal"]!.AutoRecoverySupported, false);
    const filtered = await ec2.send(
      new DescribeInstanceTypesCommand({ Filters: [{ Name: "auto-recovery-supported", Values: ["false"] }] }),
    );
    assert.ok(filtered.InstanceTypes!.every((t) => t.AutoRecoverySupported === false));
    assert.ok(filtered.InstanceTypes!.length >= 3);
    const unknown = await rejection(
      ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["z9.huge" as "t3.micro"] })),
    );
    assert.equal(unknown.name, "InvalidInstanceType");
    assert.equal(unknown.message, "The following supplied instance types do not exist: [z9.huge]");
  } finally {
    await fake.close();
  }
});

Deno.test("DescribeInstanceStatus shows running instances, all with IncludeAllInstances, and injected failures", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const a = fake.addInstance();
    const b = fake.addInstance();
    const stopped = fake.addInstance({ state: "stopped" });
    fake.failInstanceCheck(a);
    fake.failSystemCheck(b);
    const { ec2 } = clientsFor(fake);
    const running = await ec2.send(new DescribeInstanceStatusCommand({}));
    assert.deepEqual(running.InstanceStatuses!.map((s) => s.InstanceId).sort(), [a, b].sort());
    const sa = running.InstanceStatuses!.find((s) => s.InstanceId === a)!;
    assert.equal(sa.InstanceStatus?.Status, "impaired");
    assert.deepEqual(sa.InstanceStatus?.Details, [{ Name: "reachability", Status: "failed" }]);
    assert.equal(sa.SystemStatus?.Status, "ok");
    const sb = running.InstanceStatuses!.find((s) => s.InstanceId === b)!;
    assert.equal(sb.SystemStatus?.Status, "impaired");
    assert.equal(sb.InstanceStatus?.Status, "ok");
    const all = await ec2.send(new DescribeInstanceStatusCommand({ IncludeAllInstances: true }));
    const st = all.InstanceStatuses!.find((s) => s.InstanceId === stopped)!;
    assert.equal(st.InstanceState?.Name, "stopped");
    assert.equal(st.SystemStatus?.Status, "not-applicable");
    const impaired = await ec2.send(
      new DescribeInstanceStatusCommand({ Filters: [{ Name: "system-status.status", Values: ["impaired"] }] }),
    );
    assert.deepEqual(impaired.InstanceStatuses!.map((s) => s.InstanceId), [b]);
  } finally {
    await fake.close();
  }
});

Deno.test("DescribeRouteTables filters by VPC and target ENI; ReplaceRoute switches the target in place", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const rtb1 = fake.addRouteTable({
      vpcId: "vpc-1",
      routes: [{ destination: "0.0.0.0/0", networkInterfaceId: "eni-a" }, {
        destination: "192.168.0.0/16",
        networkInterfaceId: "eni-a",
      }],
    });
    const rtb2 = fake.addRouteTable({ vpcId: "vpc-1", routes: [{ destination: "0.0.0.0/0", gatewayId: "igw-1" }] });
    fake.addRouteTable({ vpcId: "vpc-2", routes: [{ destination: "0.0.0.0/0", networkInterfaceId: "eni-a" }] });
    fake.addNetworkInterface({ networkInterfaceId: "eni-b", vpcId: "vpc-1" });
    const { ec2 } = clientsFor(fake);
    const tables = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: "vpc-id", Values: ["vpc-1"] }, { Name: "route.network-interface-id", Values: ["eni-a"] }],
      }),
    );
    assert.deepEqual(tables.RouteTables!.map((t) => t.RouteTableId), [rtb1]);
    const routes = tables.RouteTables![0]!.Routes!;
    assert.deepEqual(routes.map((r) => [r.DestinationCidrBlock, r.NetworkInterfaceId ?? r.GatewayId]), [
      ["10.0.0.0/16", "local"],
      ["0.0.0.0/0", "eni-a"],
      ["192.168.0.0/16", "eni-a"],
    ]);
    const inVpc = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: ["vpc-1"] }] }));
    assert.deepEqual(inVpc.RouteTables!.map((t) => t.RouteTableId).sort(), [rtb1, rtb2].sort());

    await ec2.send(
      new ReplaceRouteCommand({ RouteTableId: rtb1, DestinationCidrBlock: "0.0.0.0/0", NetworkInterfaceId: "eni-b" }),
    );
    const after = fake.routeTable(rtb1).routes.find((r) => r.destinationCidrBlock === "0.0.0.0/0")!;
    assert.equal(after.networkInterfaceId, "eni-b");
    assert.equal(after.gatewayId, undefined);
    assert.deepEqual(fake.writeCalls().map((c) => c.operation), ["ReplaceRoute"]);
  } finally {
    await fake.close();
  }
});

Deno.test("ReplaceRoute on a missing route, table or ENI fails with EC2's codes; CreateRoute refuses duplicates", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const rtb = fake.addRouteTable({
      vpcId: "vpc-1",
      routes: [{ destination: "0.0.0.0/0", networkInterfaceId: "eni-a" }],
    });
    fake.addNetworkInterface({ networkInterfaceId: "eni-b", vpcId: "vpc-1" });
    const { ec2 } = clientsFor(fake);
    const noRoute = await rejection(
      ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: rtb,
          DestinationCidrBlock: "172.16.0.0/12",
          NetworkInterfaceId: "eni-b",
        }),
      ),
    );
    assert.equal(noRoute.name, "InvalidParameterValue");
    assert.equal(
      noRoute.message,
      "There is no route defined for '172.16.0.0/12' in the route table. Use CreateRoute instead.",
    );
    assert.equal(noRoute.$metadata?.httpStatusCode, 400);
    const noTable = await rejection(
      ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: "rtb-0000000000000dead",
          DestinationCidrBlock: "0.0.0.0/0",
          NetworkInterfaceId: "eni-b",
        }),
      ),
    );
    assert.equal(noTable.name, "InvalidRouteTableID.NotFound");
    assert.equal(noTable.message, "The routeTable ID 'rtb-0000000000000dead' does not exist");
    const noEni = await rejection(
      ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: rtb,
          DestinationCidrBlock: "0.0.0.0/0",
          NetworkInterfaceId: "eni-zzz",
        }),
      ),
    );
    assert.equal(noEni.name, "InvalidNetworkInterfaceID.NotFound");
    assert.equal(fake.routeTable(rtb).routes[1]!.networkInterfaceId, "eni-a");

    await ec2.send(
      new CreateRouteCommand({ RouteTableId: rtb, DestinationCidrBlock: "172.16.0.0/12", NetworkInterfaceId: "eni-b" }),
    );
    assert.equal(fake.routeTable(rtb).routes.length, 3);
    const dup = await rejection(
      ec2.send(
        new CreateRouteCommand({
          RouteTableId: rtb,
          DestinationCidrBlock: "172.16.0.0/12",
          NetworkInterfaceId: "eni-b",
        }),
      ),
    );
    assert.equal(dup.name, "RouteAlreadyExists");
  } finally {
    await fake.close();
  }
});

Deno.test("DescribeNetworkInterfaces lists instance ENIs and detached ones", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const i = fake.addInstance({ availabilityZone: "us-east-1c" });
    const eni = fake.instance(i).networkInterfaceId;
    fake.addNetworkInterface({ networkInterfaceId: "eni-spare" });
    const { ec2 } = clientsFor(fake);
    const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }));
    assert.equal(out.NetworkInterfaces![0]!.Attachment?.InstanceId, i);
    assert.equal(out.NetworkInterfaces![0]!.AvailabilityZone, "us-east-1c");
    const all = await ec2.send(new DescribeNetworkInterfacesCommand({}));
    assert.equal(all.NetworkInterfaces!.length, 2);
  } finally {
    await fake.close();
  }
});

Deno.test("RebootInstances reboots running instances (and clears an instance-check failure)", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance({ instanceId: "i-0123456789abcdef0" });
    fake.failInstanceCheck(id);
    const { ec2 } = clientsFor(fake);
    await ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
    assert.equal(fake.instance(id).rebootCount, 1);
    assert.equal(fake.instance(id).instanceStatus, "ok");
    assert.deepEqual(fake.writeCalls().map((c) => [c.operation, c.params["InstanceId.1"]]), [["RebootInstances", id]]);
    assert.throws(() => fake.addInstance({ instanceId: "i-web" }), TypeError);
  } finally {
    await fake.close();
  }
});
