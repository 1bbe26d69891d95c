import assert from "node:assert/strict";
import type { AlarmDefinition, ExistingAlarm } from "../../lib/aws/alarm_types.ts";
import { diffAlarms } from "../../lib/aws/diff_alarms.ts";
import { planInstanceAlarms } from "../../lib/aws/plan_instance_alarms.ts";

const facts = (id: string) => ({
  id,
  instanceType: "m5.large",
  state: "running",
  tenancy: "default",
  autoRecoverySupported: true,
  instanceStore: false,
});

function asExisting(a: AlarmDefinition, actionsEnabled = true): ExistingAlarm {
  return {
    name: a.name,
    namespace: a.namespace,
    metricName: a.metricName,
    statistic: a.statistic,
    period: a.period,
    evaluationPeriods: a.evaluationPeriods,
    threshold: a.threshold,
    comparisonOperator: a.comparisonOperator,
    dimensions: a.dimensions,
    alarmActions: [...a.alarmActions].reverse(),
    actionsEnabled,
    stateValue: "OK",
    description: a.description,
  };
}

Deno.test("nothing exists: everything is created", () => {
  const desired = planInstanceAlarms([facts("i-01"), facts("i-02")], { region: "us-east-1" });
  const plan = diffAlarms(desired, []);
  assert.equal(plan.create.length, 4);
  assert.deepEqual([plan.update, plan.unchanged, plan.delete], [[], [], []]);
});

Deno.test("equal alarms are unchanged (action order and muting do not matter), a changed one is updated", () => {
  const desired = planInstanceAlarms([facts("i-01")], { region: "us-east-1", notify: ["arn:aws:sns:us-east-1:1:t"] });
  const existing = desired.map((a) => asExisting(a, false));
  existing[1] = { ...existing[1]!, period: 300 };
  const plan = diffAlarms(desired, existing);
  assert.deepEqual(plan.unchanged, ["hostmend-i-01-system-check"]);
  assert.equal(plan.update.length, 1);
  assert.deepEqual(plan.update[0]!.changes, ["period: 300 → 60"]);
  assert.equal(plan.update[0]!.actionsEnabled, false);
});

Deno.test("prune deletes only hostmend's alarms of instances that no longer exist", () => {
  const desired = planInstanceAlarms([facts("i-01")], { region: "us-east-1" });
  const gone = planInstanceAlarms([facts("i-0dead")], { region: "us-east-1" }).map((a) => asExisting(a));
  const stopped = planInstanceAlarms([facts("i-0stop")], { region: "us-east-1" }).map((a) => asExisting(a));
  const foreign = { ...gone[0]!, name: "my-own-alarm-i-0dead" };
  const existing = [...desired.map((a) => asExisting(a)), ...gone, ...stopped, foreign];
  const noPrune = diffAlarms(desired, existing);
  assert.deepEqual(noPrune.delete, []);
  const plan = diffAlarms(desired, existing, { prune: true, existingInstanceIds: new Set(["i-01", "i-0stop"]) });
  assert.deepEqual(plan.delete.map((d) => d.name), [
    "hostmend-i-0dead-instance-check",
    "hostmend-i-0dead-system-check",
  ]);
  assert.equal(plan.delete[0]!.reason, "instance i-0dead no longer exists");
  assert.equal(plan.unchanged.length, 2);
});

Deno.test("a notify-only system alarm puts its reason in the plan's notes", () => {
  const desired = planInstanceAlarms([{ ...facts("i-01"), tenancy: "host" }], { region: "us-east-1" });
  assert.deepEqual(diffAlarms(desired, []).notes, [
    { instanceId: "i-01", note: "system alarm only notifies: it runs on a Dedicated Host" },
  ]);
});
