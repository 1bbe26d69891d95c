import assert from "node:assert/strict";
import { muteRecordPath, readMuteRecord, writeMuteRecord } from "../../lib/aws/mute_store.ts";
import { type MuteRecord, planMute } from "../../lib/aws/plan_mute.ts";
import { planUnmute } from "../../lib/aws/plan_unmute.ts";

const empty: MuteRecord = { version: 1, account: "123456789012", region: "us-east-1", alarms: {} };
const now = new Date("2026-01-01T10:00:00Z");

Deno.test("mute disables and records the enabled alarms only; unmute enables exactly those", () => {
  const alarms = [
    { name: "a", actionsEnabled: true },
    { name: "b", actionsEnabled: false },
    { name: "c", actionsEnabled: true },
  ];
  const mute = planMute(alarms, empty, { now, until: new Date("2026-01-01T12:00:00Z") });
  assert.deepEqual(mute.disable, ["a", "c"]);
  assert.deepEqual(mute.leftAlone, ["b"]);
  assert.deepEqual(mute.record.alarms.a, { mutedAt: "2026-01-01T10:00:00.000Z", until: "2026-01-01T12:00:00.000Z" });
  assert.equal(mute.record.alarms.b, undefined);
  assert.deepEqual(empty.alarms, {}, "the input record is not changed");

  // After the mute all three are disabled.
  const after = alarms.map((a) => ({ ...a, actionsEnabled: false }));
  const again = planMute(after, mute.record, { now });
  assert.deepEqual([again.disable, again.alreadyMuted, again.leftAlone], [[], ["a", "c"], ["b"]]);
  assert.equal(again.record.alarms.a!.until, "2026-01-01T12:00:00.000Z", "a second mute keeps the first one's time");

  const unmute = planUnmute(after, mute.record);
  assert.deepEqual(unmute.enable, ["a", "c"]);
  assert.deepEqual(unmute.stayDisabled, ["b"]);
  assert.deepEqual(unmute.record.alarms, {});
});

Deno.test("unmute drops alarms enabled by hand or gone, and leaves other scopes recorded", () => {
  const record: MuteRecord = { ...empty, alarms: { a: { mutedAt: "x" }, b: { mutedAt: "x" }, z: { mutedAt: "x" } } };
  const plan = planUnmute([{ name: "a", actionsEnabled: true }], record, ["a", "b"]);
  assert.deepEqual([plan.enable, plan.alreadyEnabled, plan.gone], [[], ["a"], ["b"]]);
  assert.deepEqual(Object.keys(plan.record.alarms), ["z"]);
});

Deno.test("the mute record is stored per account and region, and removed when empty", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await readMuteRecord("123456789012", "us-east-1", dir), empty);
    const record = { ...empty, alarms: { a: { mutedAt: "2026-01-01T10:00:00.000Z" } } };
    const path = await writeMuteRecord(record, `${dir}/state`);
    assert.equal(path, muteRecordPath("123456789012", "us-east-1", `${dir}/state`));
    assert.equal(path, `${dir}/state/alarm-mutes-123456789012-us-east-1.json`);
    assert.deepEqual(await readMuteRecord("123456789012", "us-east-1", `${dir}/state`), record);
    await writeMuteRecord(empty, `${dir}/state`);
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
