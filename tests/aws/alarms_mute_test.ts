// alarms list, mute, unmute and drill against the fake, through the CLI.

import assert from "node:assert/strict";
import { type AwsFake, startAwsFake } from "../support/aws_fake/mod.ts";
import { runTask } from "../support/run_task.ts";

/** Someone else's change, made straight to the fake's CloudWatch endpoint (JSON 1.0, as the SDK speaks it). */
async function disableByHand(fake: AwsFake, name: string): Promise<void> {
  const res = await fetch(fake.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "GraniteServiceVersion20100801.DisableAlarmActions",
      "x-amzn-query-mode": "true",
    },
    body: JSON.stringify({ AlarmNames: [name] }),
  });
  await res.body?.cancel();
  assert.equal(res.status, 200);
}

Deno.test("mute disables and records the enabled alarms; unmute restores exactly those", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  const state = await Deno.makeTempDir();
  try {
    const [a, b] = fake.addInstances(2, { type: "m5.large", tags: { Role: "web" } });
    const env = fake.env({ HOSTMEND_AWS_WRITE_RATE: "1000", HOSTMEND_STATE_DIR: state });
    assert.equal((await runTask("alarms", ["ensure", "--all"], { env })).code, 0);
    const byHand = `hostmend-${b}-system-check`;
    await disableByHand(fake, byHand);

    const dry = await runTask("alarms", ["mute", "--tag", "Role=web", "--dry-run"], { env });
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(fake.alarms().filter((x) => !x.ActionsEnabled).length, 1, "dry-run changed nothing");

    fake.resetCalls();
    const muted = await runTask("alarms", ["mute", "--tag", "Role=web", "--for", "2h", "--json"], { env });
    assert.equal(muted.code, 0, muted.stderr);
    const out = JSON.parse(muted.stdout);
    assert.deepEqual(
      out.muted,
      [
        `hostmend-${a}-instance-check`,
        `hostmend-${a}-system-check`,
        `hostmend-${b}-instance-check`,
      ].sort(),
    );
    assert.deepEqual(out.left_alone, [byHand]);
    assert.equal(out.unmute_command, "deno task alarms unmute --tag Role=web");
    assert.ok(Date.parse(out.until) > Date.now() + 7100_000);
    assert.equal(out.record, `${state}/alarm-mutes-123456789012-us-east-1.json`);
    assert.deepEqual(fake.writeCalls().map((c) => c.operation), ["DisableAlarmActions"], "one call for 3 names");
    assert.ok(fake.alarms().every((x) => !x.ActionsEnabled));

    // Muted: a failure now heals nothing.
    fake.failInstanceCheck(a!);
    fake.evaluateAlarms({ periods: 2 });
    assert.equal(fake.instance(a!).rebootCount, 0);
    fake.healChecks(a!);
    fake.evaluateAlarms({ periods: 2 });

    const listed = await runTask("alarms", ["list", "--json"], { env });
    assert.equal(listed.code, 0, listed.stderr);
    const rows = JSON.parse(listed.stdout).alarms as { name: string; actions_enabled: boolean; muted_until: string }[];
    assert.equal(rows.length, 4);
    assert.equal(rows.find((r) => r.name === byHand)!.muted_until, null);
    assert.equal(rows.find((r) => r.name === `hostmend-${a}-instance-check`)!.muted_until, out.until);

    const human = await runTask("alarms", ["list"], { env });
    assert.match(human.stdout, new RegExp(`hostmend-${a}-instance-check\\s+OK\\s+muted\\s+reboot`));
    assert.match(human.stdout, new RegExp(`${byHand}\\s+OK\\s+disabled\\s+recover`));

    const unmuted = await runTask("alarms", ["unmute", "--tag", "Role=web", "--json"], { env });
    assert.equal(unmuted.code, 0, unmuted.stderr);
    const back = JSON.parse(unmuted.stdout);
    assert.deepEqual(back.unmuted, out.muted);
    assert.deepEqual(back.stay_disabled, [byHand]);
    assert.deepEqual(
      fake.alarms().filter((x) => !x.ActionsEnabled).map((x) => x.AlarmName),
      [byHand],
      "exactly the alarm disabled before the mute stays disabled",
    );
    await assert.rejects(Deno.stat(out.record), Deno.errors.NotFound, "an empty record is removed");

    // Unmuted: the alarms heal again.
    fake.failInstanceCheck(a!);
    fake.evaluateAlarms({ periods: 2 });
    assert.equal(fake.instance(a!).rebootCount, 1);
  } finally {
    await fake.close();
    await Deno.remove(state, { recursive: true });
  }
});

Deno.test("mute --for prints the time and the unmute command; unmute --expired restores what is due", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  const state = await Deno.makeTempDir();
  try {
    const [a, b] = fake.addInstances(2, { type: "m5.large" });
    const env = fake.env({ HOSTMEND_AWS_WRITE_RATE: "1000", HOSTMEND_STATE_DIR: state });
    assert.equal((await runTask("alarms", ["ensure", "--all"], { env })).code, 0);
    const long = await runTask("alarms", ["mute", "--instance", a!, "--for", "2h"], { env });
    assert.equal(long.code, 0, long.stderr);
    assert.match(long.stdout, /muted until \d{4}-\d\d-\d\dT.*nothing unmutes them by itself/);
    assert.match(long.stdout, new RegExp(`deno task alarms unmute --instance ${a}`));
    assert.match(long.stdout, /deno task alarms unmute --expired/);
    const short = await runTask("alarms", ["mute", "--instance", b!, "--for", "1s"], { env });
    assert.equal(short.code, 0, short.stderr);
    await new Promise((r) => setTimeout(r, 1100));
    const due = await runTask("alarms", ["unmute", "--expired", "--json"], { env });
    assert.equal(due.code, 0, due.stderr);
    assert.deepEqual(JSON.parse(due.stdout).unmuted, [`hostmend-${b}-instance-check`, `hostmend-${b}-system-check`]);
    assert.equal(JSON.parse(due.stdout).still_muted, 2);
    assert.deepEqual(fake.alarms().filter((x) => !x.ActionsEnabled).map((x) => x.AlarmName), [
      `hostmend-${a}-instance-check`,
      `hostmend-${a}-system-check`,
    ]);
  } finally {
    await fake.close();
    await Deno.remove(state, { recursive: true });
  }
});

Deno.test("drill refuses without --yes and says what it would do; with --yes the alarm's reboot really runs", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  try {
    const id = fake.addInstance({ type: "m5.large" });
    const env = fake.env({ HOSTMEND_AWS_WRITE_RATE: "1000" });
    assert.equal((await runTask("alarms", ["ensure", "--instance", id], { env })).code, 0);
    fake.resetCalls();
    const alarm = `hostmend-${id}-instance-check`;
    const no = await runTask("alarms", ["drill", "--alarm", alarm], { env });
    assert.equal(no.code, 64);
    assert.match(no.stderr, new RegExp(`Refusing to drill ${alarm} without --yes: this really reboots ${id}`));
    assert.deepEqual(fake.writeCalls(), []);
    assert.equal(fake.instance(id).rebootCount, 0);

    const yes = await runTask("alarms", ["drill", "--alarm", alarm, "--yes"], { env });
    assert.equal(yes.code, 0, yes.stderr);
    assert.match(yes.stderr, /warning: drill sets .* to ALARM; this really reboots/);
    assert.deepEqual(fake.writeCalls().map((c) => c.operation), ["SetAlarmState"]);
    assert.equal(fake.instance(id).rebootCount, 1);

    const missing = await runTask("alarms", ["drill", "--alarm", "nope", "--yes"], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No alarm named nope in us-east-1/);
  } finally {
    await fake.close();
  }
});

Deno.test("a mute while another mute or unmute holds the record's lock is refused with exit 75", async () => {
  const fake = await startAwsFake({ rateLimits: false });
  const state = await Deno.makeTempDir();
  try {
    const id = fake.addInstance({ type: "m5.large" });
    const env = fake.env({ HOSTMEND_AWS_WRITE_RATE: "1000", HOSTMEND_STATE_DIR: state });
    assert.equal((await runTask("alarms", ["ensure", "--instance", id], { env })).code, 0);
    // This test process holds the lock (an advisory flock, as a running mute does); the CLI is another process.
    const held = await Deno.open(`${state}/alarm-mutes.lock`, { create: true, write: true });
    try {
      await held.lock(true);
      fake.resetCalls();
      const r = await runTask("alarms", ["mute", "--instance", id], { env });
      assert.equal(r.code, 75, r.stderr);
      assert.match(r.stderr, /another alarms mute or unmute is running \(it holds .*alarm-mutes\.lock\): wait for it/);
      assert.deepEqual(fake.writeCalls(), []);
    } finally {
      held.close();
    }
    const after = await runTask("alarms", ["mute", "--instance", id], { env });
    assert.equal(after.code, 0, after.stderr);
  } finally {
    await fake.close();
    await Deno.remove(state, { recursive: true });
  }
});
