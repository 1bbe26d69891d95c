import assert from "node:assert/strict";
import type { InstanceFacts } from "../../lib/aws/alarm_types.ts";
import { RECOVER_RULE } from "../../lib/aws/check_alarm_actions.ts";
import { partitionForRegion } from "../../lib/aws/partition.ts";
import { planInstanceAlarms } from "../../lib/aws/plan_instance_alarms.ts";

const base: InstanceFacts = {
  id: "i-0aaa",
  instanceType: "m5.large",
  state: "running",
  tenancy: "default",
  autoRecoverySupported: true,
  instanceStore: false,
};

Deno.test("partition follows the region", () => {
  assert.equal(partitionForRegion("us-east-1"), "aws");
  assert.equal(partitionForRegion("cn-northwest-1"), "aws-cn");
  assert.equal(partitionForRegion("us-gov-west-1"), "aws-us-gov");
  assert.throws(() => partitionForRegion("mars"), RangeError);
});

Deno.test("each instance gets a recover system alarm and a reboot instance alarm with AWS's defaults", () => {
  const [system, instance] = planInstanceAlarms([base], { region: "eu-west-1" });
  assert.deepEqual(system, {
    instanceId: "i-0aaa",
    name: "hostmend-i-0aaa-system-check",
    check: "system",
    action: "recover",
    namespace: "AWS/EC2",
    metricName: "StatusCheckFailed_System",
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 2,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    dimensions: [{ name: "InstanceId", value: "i-0aaa" }],
    alarmActions: ["arn:aws:automate:eu-west-1:ec2:recover"],
    description: "hostmend: system status check of i-0aaa failed, recover it onto new hardware",
  });
  assert.equal(instance!.name, "hostmend-i-0aaa-instance-check");
  assert.equal(instance!.metricName, "StatusCheckFailed_Instance");
  assert.deepEqual(instance!.alarmActions, ["arn:aws:automate:eu-west-1:ec2:reboot"]);
});

Deno.test("the partition goes into the automate ARNs and --notify topics join every alarm", () => {
  const topic = "arn:aws-cn:sns:cn-north-1:123456789012:ops";
  const alarms = planInstanceAlarms([base], { region: "cn-north-1", notify: [topic, topic] });
  assert.deepEqual(alarms.map((a) => a.alarmActions), [
    ["arn:aws-cn:automate:cn-north-1:ec2:recover", topic],
    ["arn:aws-cn:automate:cn-north-1:ec2:reboot", topic],
  ]);
});

Deno.test("no recover where it cannot work, and the plan says why", () => {
  const alarms = planInstanceAlarms([
    { ...base, id: "i-0b", autoRecoverySupported: false, instanceType: "t1.micro" },
    { ...base, id: "i-0c", instanceStore: true, instanceType: "m5d.large" },
    { ...base, id: "i-0d", tenancy: "host" },
  ], { region: "us-east-1", notify: ["arn:aws:sns:us-east-1:123456789012:ops"] });
  const systems = alarms.filter((a) => a.check === "system");
  assert.deepEqual(systems.map((a) => [a.instanceId, a.action, a.alarmActions]), [
    ["i-0b", "notify", ["arn:aws:sns:us-east-1:123456789012:ops"]],
    ["i-0c", "notify", ["arn:aws:sns:us-east-1:123456789012:ops"]],
    ["i-0d", "notify", ["arn:aws:sns:us-east-1:123456789012:ops"]],
  ]);
  assert.match(systems[0]!.why!, /t1\.micro does not support recovery/);
  assert.match(systems[1]!.why!, /instance-store volumes/);
  assert.equal(systems[2]!.why, "it runs on a Dedicated Host");
  // The instance check still reboots everywhere.
  assert.ok(alarms.filter((a) => a.check === "instance").every((a) => a.action === "reboot"));
});

Deno.test("settings are overridable, and recover on another metric is refused in AWS's words", () => {
  const [system] = planInstanceAlarms([base], {
    region: "us-east-1",
    settings: { period: 300, evaluationPeriods: 3, statistic: "Average", threshold: 0.5 },
  });
  assert.deepEqual([system!.period, system!.evaluationPeriods, system!.statistic, system!.threshold], [
    300,
    3,
    "Average",
    0.5,
  ]);
  assert.throws(
    () => planInstanceAlarms([base], { region: "us-east-1", settings: { systemMetric: "StatusCheckFailed" } }),
    { name: "RangeError", message: new RegExp(RECOVER_RULE.replace(/[.'()]/g, "\\$&")) },
  );
  assert.ok(RECOVER_RULE.startsWith("The EC2 'Recover' action can only be defined on the 'StatusCheckFailed_System'"));
});

Deno.test("more than 5 actions are refused before any call", () => {
  const topics = [1, 2, 3, 4, 5].map((n) => `arn:aws:sns:us-east-1:123456789012:t${n}`);
  assert.throws(() => planInstanceAlarms([base], { region: "us-east-1", notify: topics }), /at most 5/);
});
