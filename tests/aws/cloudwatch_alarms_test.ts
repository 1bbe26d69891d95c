// The CloudWatch adapter against the fake through the real SDK client: pacing per attempt, names per call.

import assert from "node:assert/strict";
import { createAwsContext } from "../../lib/aws/aws_context.ts";
import { cloudWatchAlarms } from "../../lib/aws/cloudwatch_alarms.ts";
import type { Pacer } from "../../lib/aws/pacer.ts";
import { planInstanceAlarms } from "../../lib/aws/plan_instance_alarms.ts";
import { type AwsFake, startAwsFake } from "../support/aws_fake/mod.ts";

/** Points this process's SDK clients at the fake for the length of `fn`. */
async function withFakeEnv<T>(fake: AwsFake, fn: () => Promise<T>): Promise<T> {
  const env = fake.env();
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, Deno.env.get(k)]));
  try {
    for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  }
}

/** A pacer that never waits and counts how often it was asked. */
function countingPacer(): Pacer & { count: number } {
  return {
    perSecond: Infinity,
    count: 0,
    wait() {
      this.count += 1;
      return Promise.resolve();
    },
  };
}

Deno.test("every attempt of a write is paced, retries of throttled calls included; reads are not", async () => {
  const fake = await startAwsFake({
    rateLimits: false,
    throttle: { probability: 0.3, seed: 3, operations: ["PutMetricAlarm"] },
  });
  try {
    await withFakeEnv(fake, async () => {
      const aws = await createAwsContext();
      const pacer = countingPacer();
      const api = cloudWatchAlarms(aws.cloudwatch, pacer);
      const ids = Array.from({ length: 10 }, (_, i) => `i-0000000${i}`);
      const alarms = planInstanceAlarms(
        ids.map((id) => ({
          id,
          instanceType: "m5.large",
          state: "running",
          tenancy: "default",
          autoRecoverySupported: true,
          instanceStore: false,
        })),
        { region: "us-east-1" },
      );
      for (const alarm of alarms) await api.put(alarm, true);
      const puts = fake.calls.filter((c) => c.operation === "PutMetricAlarm");
      assert.ok(puts.some((c) => c.error === "Throttling"), "the storm throttled some");
      assert.equal(pacer.count, puts.length, "one wait per attempt");
      assert.equal(api.writes, 20, "writes counts calls, not attempts");

      const found = await api.listByNames([...alarms.map((a) => a.name), "hostmend-i-0dead-system-check"]);
      assert.equal(found.length, 20);
      assert.equal(pacer.count, puts.length, "reads are not paced");
      await api.setActionsEnabled(Array.from({ length: 250 }, (_, i) => `x-${i}`), false);
      const disables = fake.calls.filter((c) => c.operation === "DisableAlarmActions");
      assert.deepEqual(disables.map((c) => (c.params.AlarmNames as string[]).length), [100, 100, 50]);
    });
  } finally {
    await fake.close();
  }
});
