// The failure, simulated: alarms made by `alarms ensure` heal a broken OS (reboot) and a broken host (recover);
// a fleet without them stays broken.

import assert from "node:assert/strict";
import { startAwsFake } from "../support/aws_fake/mod.ts";
import { runTask } from "../support/run_task.ts";

const FAST = { HOSTMEND_AWS_WRITE_RATE: "1000" };

Deno.test("alarms made by ensure reboot an instance whose OS lost its network and recover one whose host broke", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const osDown = fake.addInstance({ type: "m5.large" });
    const hostDown = fake.addInstance({ type: "c5.large" });
    const r = await runTask("alarms", ["ensure", "--all"], { env: fake.env(FAST) });
    assert.equal(r.code, 0, r.stderr);
    const oldHost = fake.instance(hostDown).hostId;

    fake.failInstanceCheck(osDown);
    fake.failSystemCheck(hostDown);
    fake.evaluateAlarms({ periods: 2 });

    const healedOs = fake.instance(osDown);
    assert.equal(healedOs.instanceStatus, "ok");
    assert.equal(healedOs.rebootCount, 1);
    assert.equal(healedOs.recoverCount, 0);
    const healedHost = fake.instance(hostDown);
    assert.equal(healedHost.systemStatus, "ok");
    assert.equal(healedHost.recoverCount, 1);
    assert.notEqual(healedHost.hostId, oldHost, "recover moved it to new hardware");
    assert.ok(fake.actions.every((a) => a.ok), JSON.stringify(fake.actions));

    // One more period: both alarms see healthy checks again.
    fake.evaluateAlarms({ periods: 1 });
    for (const id of [osDown, hostDown]) {
      assert.equal(fake.alarm(`hostmend-${id}-system-check`)!.StateValue, "OK");
      assert.equal(fake.alarm(`hostmend-${id}-instance-check`)!.StateValue, "OK");
    }
  } finally {
    await fake.close();
  }
});

Deno.test("a fleet without the alarms stays broken", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const osDown = fake.addInstance({ type: "m5.large" });
    const hostDown = fake.addInstance({ type: "c5.large" });
    fake.failInstanceCheck(osDown);
    fake.failSystemCheck(hostDown);
    fake.evaluateAlarms({ periods: 5 });
    assert.equal(fake.instance(osDown).instanceStatus, "impaired");
    assert.equal(fake.instance(hostDown).systemStatus, "impaired");
    assert.deepEqual(fake.actions, []);
  } finally {
    await fake.close();
  }
});

Deno.test("where recover cannot work the system alarm only notifies, and the instance check still reboots", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const topic = "arn:aws:sns:us-east-1:123456789012:ops";
    const store = fake.addInstance({ type: "m5d.large" });
    const dedicated = fake.addInstance({ type: "m5.large", tenancy: "host" });
    const r = await runTask("alarms", ["ensure", "--all", "--notify", topic], { env: fake.env(FAST) });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`note: ${store}: system alarm only notifies: .*instance-store`));
    assert.match(r.stdout, new RegExp(`note: ${dedicated}: system alarm only notifies: it runs on a Dedicated Host`));
    for (const id of [store, dedicated]) {
      assert.deepEqual(fake.alarm(`hostmend-${id}-system-check`)!.AlarmActions, [topic]);
    }
    fake.failSystemCheck(store);
    fake.failInstanceCheck(dedicated);
    fake.evaluateAlarms({ periods: 2 });
    assert.deepEqual(
      fake.notifications.map((n) => n.alarmName).sort(),
      [`hostmend-${store}-system-check`, `hostmend-${dedicated}-instance-check`].sort(),
    );
    assert.equal(fake.instance(store).systemStatus, "impaired", "no recover was attempted: it would have failed");
    assert.equal(fake.instance(dedicated).rebootCount, 1);
    assert.ok(fake.actions.every((a) => a.ok), JSON.stringify(fake.actions));
  } finally {
    await fake.close();
  }
});
