// alarms ensure at scale and under pressure: CloudWatch's own limits, a throttling storm, 2,000 instances.

import assert from "node:assert/strict";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { runTask } from "../support/run_task.ts";

Deno.test("with the default pace (3 writes/s) ensure stays within CloudWatch's PutMetricAlarm limit", async () => {
  const fake = await startAwsFake(); // AWS-like token buckets: PutMetricAlarm 3/s, burst 3
  try {
    fake.addInstances(3, { type: "m5.large" });
    const r = await runTask("alarms", ["ensure", "--all"], { env: fake.env() });
    assert.equal(r.code, 0, r.stderr);
    const puts = fake.calls.filter((c) => c.operation === "PutMetricAlarm");
    assert.equal(puts.length, 6);
    assert.deepEqual(puts.filter((c) => c.error), [], "no write was throttled");
    assert.equal(fake.alarms().length, 6);
  } finally {
    await fake.close();
  }
});

Deno.test("under a storm that throttles 30% of all calls, ensure still converges to the right alarms", async () => {
  const fake = await startAwsFake({ rateLimits: false, throttle: { probability: 0.3, seed: 7 } });
  try {
    const ids = fake.addInstances(20, { type: "m5.large" });
    const env = fake.env({ HOSTMEND_AWS_WRITE_RATE: "1000" });
    const r = await runTask("alarms", ["ensure", "--all", "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    const throttled = fake.calls.filter((c) => c.error === "Throttling" || c.error === "RequestLimitExceeded");
    assert.ok(throttled.length >= 10, `the storm throttled only ${throttled.length} calls`);
    assert.equal(JSON.parse(r.stdout).result.created.length, 40);
    const names = fake.alarms().map((a) => a.AlarmName);
    assert.deepEqual(
      names,
      ids.flatMap((id) => [`hostmend-${id}-instance-check`, `hostmend-${id}-system-check`]).sort(),
    );
    for (const id of ids) {
      assert.deepEqual(fake.alarm(`hostmend-${id}-system-check`)!.AlarmActions, [
        "arn:aws:automate:us-east-1:ec2:recover",
      ]);
    }

    // Still storming: the second run reads (with retries) and writes nothing.
    fake.resetCalls();
    const again = await runTask("alarms", ["ensure", "--all"], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(fake.writeCalls(), []);
  } finally {
    await fake.close();
  }
});

Deno.test("2,000 instances: every page read, at most 100 names per call, 4,000 alarms, then nothing to do", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    fake.addInstances(2000, { type: "t3.micro" });
    const env = fake.env({ HOSTMEND_AWS_WRITE_RATE: "100000" });
    const r = await runTask("alarms", ["ensure", "--all", "--prune", "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result.created.length, 4000);
    assert.equal(fake.alarms().length, 4000);
    const describes = fake.calls.filter((c) => c.operation === "DescribeInstances");
    assert.ok(describes.length >= 2, "DescribeInstances was read page by page");

    fake.resetCalls();
    const again = await runTask("alarms", ["ensure", "--all", "--json"], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(fake.writeCalls(), []);
    assert.equal(JSON.parse(again.stdout).plan.unchanged.length, 4000);
    const alarmReads = fake.calls.filter((c) => c.operation === "DescribeAlarms");
    assert.equal(alarmReads.length, 40, "4,000 names read 100 per call");
    for (const c of alarmReads) assert.ok((c.params.AlarmNames as string[]).length <= 100);
  } finally {
    await fake.close();
  }
});
