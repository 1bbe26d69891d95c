import assert from "node:assert/strict";
import { DescribeInstancesCommand, DescribeInstanceStatusCommand } from "@aws-sdk/client-ec2";
import {
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { type AwsFake, startAwsFake } from "../support/aws_fake/mod.ts";
import { clientsFor, statusAlarm } from "./helpers.ts";

const RECOVER = "arn:aws:automate:us-east-1:ec2:recover";
const REBOOT = "arn:aws:automate:us-east-1:ec2:reboot";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops";

/** The two alarms `alarms ensure` is meant to create, put directly through the SDK. */
async function putPair(fake: AwsFake, id: string, systemActions = [RECOVER]): Promise<void> {
  const { cw } = clientsFor(fake);
  await cw.send(new PutMetricAlarmCommand(statusAlarm(`${id}-system`, id, "StatusCheckFailed_System", systemActions)));
  await cw.send(new PutMetricAlarmCommand(statusAlarm(`${id}-instance`, id, "StatusCheckFailed_Instance", [REBOOT])));
}

async function statusOf(fake: AwsFake, id: string) {
  const { ec2 } = clientsFor(fake);
  const out = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }));
  const s = out.InstanceStatuses![0]!;
  return { system: s.SystemStatus?.Status, instance: s.InstanceStatus?.Status };
}

Deno.test("an instance-check failure (network down) is healed by the reboot alarm after two periods", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance({ type: "t3.micro" });
    await putPair(fake, id);
    assert.equal(fake.evaluateAlarms({ periods: 2 }).actions.length, 0, "healthy: no action");
    assert.equal(fake.alarm(`${id}-instance`)!.StateValue, "OK");

    fake.failInstanceCheck(id);
    assert.deepEqual(await statusOf(fake, id), { system: "ok", instance: "impaired" });
    const one = fake.evaluateAlarms({ periods: 1 });
    assert.equal(one.actions.length, 0, "one breaching datapoint of two is not enough");
    const two = fake.evaluateAlarms({ periods: 1 });
    assert.deepEqual(two.transitions.map((t) => [t.alarmName, t.to]), [[`${id}-instance`, "ALARM"]]);
    assert.deepEqual(two.actions.map((a) => [a.kind, a.instanceId, a.ok]), [["reboot", id, true]]);
    const after = fake.instance(id);
    assert.equal(after.instanceStatus, "ok");
    assert.equal(after.rebootCount, 1);
    assert.equal(after.recoverCount, 0);
    assert.deepEqual(await statusOf(fake, id), { system: "ok", instance: "ok" });
    const back = fake.evaluateAlarms({ periods: 1 });
    assert.deepEqual(back.transitions.map((t) => [t.alarmName, t.to]), [[`${id}-instance`, "OK"]]);
  } finally {
    await fake.close();
  }
});

Deno.test("a system-check failure (broken host) is healed by recover: new host, same instance id, IP and ENI", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance({ type: "m5.large" });
    const before = fake.instance(id);
    await putPair(fake, id, [RECOVER, TOPIC]);
    fake.failSystemCheck(id);
    const result = fake.evaluateAlarms({ periods: 2 });
    assert.deepEqual(result.actions.map((a) => [a.kind, a.ok]), [["recover", true], ["sns", true]]);
    const after = fake.instance(id);
    assert.equal(after.systemStatus, "ok");
    assert.equal(after.recoverCount, 1);
    assert.notEqual(after.hostId, before.hostId);
    assert.deepEqual(after.hostHistory, [before.hostId, after.hostId]);
    assert.equal(after.privateIpAddress, before.privateIpAddress);
    assert.equal(after.networkInterfaceId, before.networkInterfaceId);
    assert.deepEqual(await statusOf(fake, id), { system: "ok", instance: "ok" });
    assert.equal(fake.notifications.length, 1);
    const { ec2 } = clientsFor(fake);
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    assert.equal(described.Reservations![0]!.Instances![0]!.PrivateIpAddress, before.privateIpAddress);
  } finally {
    await fake.close();
  }
});

Deno.test("reboot does not cure a broken host, and a fleet without alarms stays broken", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const rebootOnly = fake.addInstance();
    const bare = fake.addInstance();
    const { cw } = clientsFor(fake);
    await cw.send(
      new PutMetricAlarmCommand(statusAlarm("wrong-cure", rebootOnly, "StatusCheckFailed_System", [REBOOT])),
    );
    fake.failSystemCheck(rebootOnly);
    fake.failSystemCheck(bare);
    fake.failInstanceCheck(bare);
    const result = fake.evaluateAlarms({ periods: 10 });
    assert.deepEqual(result.actions.map((a) => a.kind), ["reboot"]);
    assert.equal(fake.instance(rebootOnly).systemStatus, "impaired");
    assert.equal(fake.instance(rebootOnly).rebootCount, 1);
    assert.equal(fake.instance(bare).systemStatus, "impaired");
    assert.equal(fake.instance(bare).instanceStatus, "impaired");
    assert.deepEqual(await statusOf(fake, bare), { system: "impaired", instance: "impaired" });
  } finally {
    await fake.close();
  }
});

Deno.test("recover fails for instance-store, bare-metal and dedicated-host instances, and they stay broken", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const store = fake.addInstance({ type: "m5d.large" });
    const metal = fake.addInstance({ type: "m5.metal" });
    const host = fake.addInstance({ type: "m5.large", tenancy: "host" });
    for (const id of [store, metal, host]) {
      await putPair(fake, id);
      fake.failSystemCheck(id);
    }
    const result = fake.evaluateAlarms({ periods: 2 });
    const byInstance = Object.fromEntries(result.actions.map((a) => [a.instanceId!, a]));
    assert.equal(byInstance[store]!.ok, false);
    assert.match(byInstance[store]!.detail, /m5d\.large does not support recovery/);
    assert.match(byInstance[metal]!.detail, /m5\.metal does not support recovery/);
    assert.match(byInstance[host]!.detail, /Dedicated Host/);
    for (const id of [store, metal, host]) {
      assert.equal(fake.instance(id).systemStatus, "impaired");
      assert.equal(fake.instance(id).recoverCount, 0);
    }
  } finally {
    await fake.close();
  }
});

Deno.test("muted alarms go to ALARM without acting; unmuting does not replay the missed transition", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance();
    await putPair(fake, id);
    const { cw } = clientsFor(fake);
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [`${id}-system`, `${id}-instance`] }));
    fake.failInstanceCheck(id);
    const muted = fake.evaluateAlarms({ periods: 2 });
    assert.equal(fake.alarm(`${id}-instance`)!.StateValue, "ALARM");
    assert.equal(muted.actions.length, 0);
    assert.equal(fake.instance(id).instanceStatus, "impaired");
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: [`${id}-system`, `${id}-instance`] }));
    assert.equal(fake.evaluateAlarms({ periods: 3 }).actions.length, 0, "actions fire on transitions only");
    fake.healChecks(id);
    fake.evaluateAlarms({ periods: 1 });
    fake.failInstanceCheck(id);
    const again = fake.evaluateAlarms({ periods: 2 });
    assert.deepEqual(again.actions.map((a) => a.kind), ["reboot"]);
    assert.equal(fake.instance(id).instanceStatus, "ok");
  } finally {
    await fake.close();
  }
});

Deno.test("a stopped instance reports no data: its alarms go to INSUFFICIENT_DATA; breaching missing data alarms", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance();
    await putPair(fake, id);
    const { cw } = clientsFor(fake);
    await cw.send(
      new PutMetricAlarmCommand({
        ...statusAlarm("strict", id, "StatusCheckFailed", [TOPIC]),
        TreatMissingData: "breaching",
      }),
    );
    fake.evaluateAlarms({ periods: 2 });
    fake.setInstanceState(id, "stopped");
    const r = fake.evaluateAlarms({ periods: 2 });
    assert.equal(fake.alarm(`${id}-system`)!.StateValue, "INSUFFICIENT_DATA");
    assert.equal(fake.alarm("strict")!.StateValue, "ALARM");
    assert.deepEqual(r.actions.map((a) => [a.alarmName, a.kind]), [["strict", "sns"]]);
  } finally {
    await fake.close();
  }
});

Deno.test("other metrics can be fed with putMetricValue; DatapointsToAlarm makes M-of-N alarms", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance();
    const { cw } = clientsFor(fake);
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "cpu",
        MetricName: "CPUUtilization",
        Namespace: "AWS/EC2",
        Statistic: "Average",
        Period: 300,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 90,
        ComparisonOperator: "GreaterThanThreshold",
        Dimensions: [{ Name: "InstanceId", Value: id }],
        AlarmActions: [TOPIC],
      }),
    );
    fake.putMetricValue("AWS/EC2", "CPUUtilization", { InstanceId: id }, 95);
    fake.evaluateAlarms({ periods: 1 });
    assert.notEqual(fake.alarm("cpu")!.StateValue, "ALARM");
    fake.evaluateAlarms({ periods: 1 });
    assert.equal(fake.alarm("cpu")!.StateValue, "ALARM");
  } finally {
    await fake.close();
  }
});
