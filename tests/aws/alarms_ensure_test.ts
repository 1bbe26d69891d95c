// alarms ensure, end to end: the CLI spawned as a user runs it, the real SDK clients, the loopback fake over HTTP.

import assert from "node:assert/strict";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { runTask } from "../support/run_task.ts";

/** Fast pacing: the fake has no CloudWatch limits in these tests unless a test sets them. */
const FAST = { HOSTMEND_AWS_WRITE_RATE: "1000" };

Deno.test("ensure creates both alarms per instance; a second run makes no write call; dry-run writes nothing", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const web = fake.addInstance({ type: "m5.large", tags: { Role: "web" } });
    const db = fake.addInstance({ type: "m5d.large", tags: { Role: "web" } });
    fake.addInstance({ type: "t3.micro", tags: { Role: "batch" } });
    const env = fake.env(FAST);

    const dry = await runTask("alarms", ["ensure", "--tag", "Role=web", "--dry-run", "--json"], { env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(fake.writeCalls(), [], "dry-run makes no write call");
    const planned = JSON.parse(dry.stdout);
    assert.equal(planned.dry_run, true);
    assert.equal(planned.identity.account, "123456789012");
    const creates = planned.plan.create.map((a: { name: string; action: string }) => `${a.name} ${a.action}`);
    assert.deepEqual(
      creates.sort(),
      [
        `hostmend-${web}-system-check recover`,
        `hostmend-${web}-instance-check reboot`,
        `hostmend-${db}-system-check notify`,
        `hostmend-${db}-instance-check reboot`,
      ].sort(),
    );
    assert.match(planned.plan.notes[0].note, /m5d\.large has instance-store volumes/);
    assert.match(dry.stderr, /AWS account 123456789012 .*partition aws, region us-east-1/);
    assert.match(dry.stderr, /no profile named: .*environment variables/);

    const first = await runTask("alarms", ["ensure", "--tag", "Role=web"], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /4 to create/);
    assert.match(first.stdout, /done: 4 created, 0 updated, 0 deleted, 0 failed/);
    const system = fake.alarm(`hostmend-${web}-system-check`)!;
    assert.equal(system.MetricName, "StatusCheckFailed_System");
    assert.equal(system.Namespace, "AWS/EC2");
    assert.deepEqual(system.Dimensions, [{ Name: "InstanceId", Value: web }]);
    assert.deepEqual(system.AlarmActions, ["arn:aws:automate:us-east-1:ec2:recover"]);
    assert.deepEqual(
      [system.Statistic, system.Period, system.EvaluationPeriods, system.Threshold, system.ComparisonOperator],
      ["Maximum", 60, 2, 1, "GreaterThanOrEqualToThreshold"],
    );
    assert.deepEqual(fake.alarm(`hostmend-${web}-instance-check`)!.AlarmActions, [
      "arn:aws:automate:us-east-1:ec2:reboot",
    ]);
    assert.deepEqual(fake.alarm(`hostmend-${db}-system-check`)!.AlarmActions, [], "no recover with instance store");

    fake.resetCalls();
    const second = await runTask("alarms", ["ensure", "--tag", "Role=web", "--json"], { env });
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(fake.writeCalls(), [], "the second run makes no write call");
    const out = JSON.parse(second.stdout);
    assert.equal(out.plan.unchanged.length, 4);
    assert.equal(out.result, null);
  } finally {
    await fake.close();
  }
});

Deno.test("--prune deletes hostmend's alarms of vanished and terminated instances only", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const [keep, stopped, gone, ended] = fake.addInstances(4, { type: "m5.large" });
    const env = fake.env(FAST);
    assert.equal((await runTask("alarms", ["ensure", "--all"], { env })).code, 0);
    // Someone else's alarm on a gone instance, with a name hostmend would never make: never pruned.
    const res = await fetch(fake.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "GraniteServiceVersion20100801.PutMetricAlarm",
        "x-amzn-query-mode": "true",
      },
      body: JSON.stringify({
        AlarmName: `cpu-${gone}`,
        Namespace: "AWS/EC2",
        MetricName: "CPUUtilization",
        Dimensions: [{ Name: "InstanceId", Value: gone }],
        Statistic: "Average",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 90,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    });
    assert.equal(res.status, 200, await res.text());
    fake.setInstanceState(stopped!, "stopped");
    fake.removeInstance(gone!);
    fake.setInstanceState(ended!, "terminated");

    const noPrune = await runTask("alarms", ["ensure", "--all", "--json"], { env });
    assert.deepEqual(JSON.parse(noPrune.stdout).plan.delete, [], "without --prune nothing is deleted");

    const dry = await runTask("alarms", ["ensure", "--all", "--prune", "--dry-run"], { env });
    assert.match(
      dry.stdout,
      new RegExp(`delete\\s+hostmend-${gone}-instance-check\\s+instance ${gone} no longer exists`),
    );
    fake.resetCalls();
    const r = await runTask("alarms", ["ensure", "--all", "--prune", "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout).result.deleted.sort(),
      [
        `hostmend-${ended}-instance-check`,
        `hostmend-${ended}-system-check`,
        `hostmend-${gone}-instance-check`,
        `hostmend-${gone}-system-check`,
      ].sort(),
    );
    assert.deepEqual(fake.writeCalls().map((c) => c.operation), ["DeleteAlarms"], "one call for 4 names");
    assert.deepEqual(
      fake.alarms().map((a) => a.AlarmName).sort(),
      [
        `cpu-${gone}`,
        `hostmend-${keep}-instance-check`,
        `hostmend-${keep}-system-check`,
        `hostmend-${stopped}-instance-check`,
        `hostmend-${stopped}-system-check`,
      ].sort(),
    );
  } finally {
    await fake.close();
  }
});

Deno.test("a changed setting updates in place, and a muted alarm stays muted through the update", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  const state = await Deno.makeTempDir();
  try {
    const id = fake.addInstance({ type: "m5.large" });
    const env = fake.env({ ...FAST, HOSTMEND_STATE_DIR: state });
    assert.equal((await runTask("alarms", ["ensure", "--instance", id], { env })).code, 0);
    assert.equal((await runTask("alarms", ["mute", "--instance", id], { env })).code, 0);
    const topic = "arn:aws:sns:us-east-1:123456789012:ops";
    fake.resetCalls();
    const r = await runTask("alarms", ["ensure", "--instance", id, "--notify", topic, "--period", "300"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 to update/);
    assert.match(r.stdout, /period: 60 → 300/);
    assert.deepEqual(fake.writeCalls().map((c) => c.operation), ["PutMetricAlarm", "PutMetricAlarm"]);
    const alarm = fake.alarm(`hostmend-${id}-instance-check`)!;
    assert.deepEqual(alarm.AlarmActions, ["arn:aws:automate:us-east-1:ec2:reboot", topic]);
    assert.equal(alarm.Period, 300);
    assert.equal(alarm.ActionsEnabled, false, "still muted");
  } finally {
    await fake.close();
    await Deno.remove(state, { recursive: true });
  }
});

Deno.test("an unknown or terminated --instance fails with exit 2 before any write; list --tag shows a tag's alarms", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const [web, batch] = fake.addInstances(2, { type: "m5.large" });
    const ended = fake.addInstance({ type: "m5.large", state: "terminated" });
    const env = fake.env(FAST);
    const r = await runTask("alarms", [
      "ensure",
      "--instance",
      web!,
      "--instance",
      "i-0000000000000dead",
      "--instance",
      ended,
    ], {
      env,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Instance i-0000000000000dead, i-\w+ not found \(or terminated\) in this region/);
    assert.deepEqual(fake.writeCalls(), []);

    const tagged = fake.addInstance({ type: "m5.large", tags: { Role: "web" } });
    assert.equal((await runTask("alarms", ["ensure", "--all"], { env })).code, 0);
    const list = await runTask("alarms", ["list", "--tag", "Role=web", "--json"], { env });
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      JSON.parse(list.stdout).alarms.map((a: { name: string; action: string }) => `${a.name} ${a.action}`),
      [`hostmend-${tagged}-instance-check reboot`, `hostmend-${tagged}-system-check recover`],
    );
    assert.equal(fake.alarms().length, 6, `${web} ${batch} and ${tagged} have theirs`);
  } finally {
    await fake.close();
  }
});
