import assert from "node:assert/strict";
import { DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { clientsFor, rejection, statusAlarm } from "./helpers.ts";

Deno.test("above PutMetricAlarm's rate the fake answers Throttling; without SDK retries the error arrives", async () => {
  // A bucket of 2 that practically never refills: the third call is throttled whatever the timing.
  const fake = await startAwsFake({ rateLimits: { PutMetricAlarm: { rate: 0.0001, burst: 2 } } });
  try {
    const id = fake.addInstance();
    const { cw } = clientsFor(fake, { maxAttempts: 1 });
    await cw.send(new PutMetricAlarmCommand(statusAlarm("a", id, "StatusCheckFailed_Instance", [])));
    await cw.send(new PutMetricAlarmCommand(statusAlarm("b", id, "StatusCheckFailed_Instance", [])));
    const e = await rejection(
      cw.send(new PutMetricAlarmCommand(statusAlarm("c", id, "StatusCheckFailed_Instance", []))),
    );
    assert.equal(e.name, "Throttling");
    assert.equal(e.message, "Rate exceeded");
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.equal(e.$metadata?.attempts, 1);
    assert.deepEqual(fake.alarms().map((a) => a.AlarmName), ["a", "b"]);
    assert.deepEqual(fake.writeCalls().map((c) => c.error ?? "ok"), ["ok", "ok", "Throttling"]);
    // other operations have their own buckets
    await cw.send(new DescribeAlarmsCommand({}));
  } finally {
    await fake.close();
  }
});

Deno.test("a storm throttles each service with its own code: CloudWatch/STS Throttling, EC2 RequestLimitExceeded", async () => {
  const fake = await startAwsFake({ rateLimits: false, throttle: { probability: 1, seed: 7 } });
  try {
    const { ec2, cw, sts } = clientsFor(fake, { maxAttempts: 1 });
    const e1 = await rejection(ec2.send(new DescribeInstancesCommand({})));
    assert.equal(e1.name, "RequestLimitExceeded");
    assert.equal(e1.message, "Request limit exceeded.");
    assert.equal(e1.$metadata?.httpStatusCode, 503);
    const e2 = await rejection(cw.send(new DescribeAlarmsCommand({})));
    assert.equal(e2.name, "Throttling");
    const e3 = await rejection(sts.send(new GetCallerIdentityCommand({})));
    assert.equal(e3.name, "Throttling");
    fake.setThrottle(undefined);
    await cw.send(new DescribeAlarmsCommand({}));
  } finally {
    await fake.close();
  }
});

Deno.test("a storm can be limited to some operations", async () => {
  const fake = await startAwsFake({ rateLimits: false, throttle: { probability: 1, operations: ["PutMetricAlarm"] } });
  try {
    const id = fake.addInstance();
    const { cw } = clientsFor(fake, { maxAttempts: 1 });
    await cw.send(new DescribeAlarmsCommand({}));
    const e = await rejection(
      cw.send(new PutMetricAlarmCommand(statusAlarm("a", id, "StatusCheckFailed_Instance", []))),
    );
    assert.equal(e.name, "Throttling");
  } finally {
    await fake.close();
  }
});

Deno.test("under a 30 % throttling storm the SDK's default retries get every call through", async () => {
  const fake = await startAwsFake({ rateLimits: false, throttle: { probability: 0.3, seed: 42 } });
  try {
    const id = fake.addInstance();
    const { cw } = clientsFor(fake);
    let attempts = 0;
    for (let n = 0; n < 12; n++) {
      const out = await cw.send(new PutMetricAlarmCommand(statusAlarm(`s${n}`, id, "StatusCheckFailed_Instance", [])));
      attempts += out.$metadata.attempts ?? 1;
    }
    assert.equal(fake.alarms().length, 12);
    const throttled = fake.calls.filter((c) => c.error === "Throttling").length;
    assert.ok(throttled > 0, "the storm throttled some calls");
    assert.equal(fake.calls.length, attempts, "every SDK attempt reached the fake");
    assert.equal(fake.calls.length - throttled, 12);
  } finally {
    await fake.close();
  }
});

Deno.test("the storm is reproducible: the same seed throttles the same calls", async () => {
  const pattern = async () => {
    const fake = await startAwsFake({ rateLimits: false, throttle: { probability: 0.3, seed: 1234 } });
    try {
      const { cw } = clientsFor(fake, { maxAttempts: 1 });
      const outcomes: string[] = [];
      for (let n = 0; n < 20; n++) {
        outcomes.push(await cw.send(new DescribeAlarmsCommand({})).then(() => "ok", (e) => e.name));
      }
      return outcomes;
    } finally {
      await fake.close();
    }
  };
  const a = await pattern();
  assert.deepEqual(await pattern(), a);
  assert.ok(a.includes("Throttling") && a.includes("ok"));
});
