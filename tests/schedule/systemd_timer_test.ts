import assert from "node:assert/strict";
import { runTask } from "../support/run_task.ts";
import { nextRuns } from "../../lib/schedule/next_runs.ts";
import { parseSchedule } from "../../lib/schedule/parse_schedule.ts";
import { onCalendar } from "../../lib/schedule/systemd_timer.ts";

async function analyze(args: string[]): Promise<{ code: number; out: string }> {
  const o = await new Deno.Command("systemd-analyze", { args, stdout: "piped", stderr: "piped", env: { TZ: "UTC" } })
    .output();
  const d = new TextDecoder();
  return { code: o.code, out: d.decode(o.stdout) + d.decode(o.stderr) };
}

// systemd-analyze prints elapses as "Wed 2026-11-25 18:00:00 UTC" (TZ=UTC).
function elapses(out: string): string[] {
  return [...out.matchAll(/(?:Next elapse|Iter\. #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/g)].map((m) =>
    `${m[1]!.replace(" ", "T")}.000Z`
  );
}

Deno.test("OnCalendar= matches cron's next runs, checked by the real systemd-analyze calendar", async () => {
  const now = new Date();
  const cases: [string, string][] = [
    ["0 3 * * *", "Asia/Tokyo"],
    ["30 2 * * 1-5", "Europe/Berlin"],
    ["*/15 1-5 1,15 * *", "UTC"],
    ["0 4 1 * 0", "America/New_York"], // both day fields: cron runs on either
    ["5 0 * 2,8 *", "Asia/Kolkata"],
  ];
  for (const [expr, tz] of cases) {
    const s = parseSchedule(expr);
    const specs = onCalendar(s, tz);
    const ours = nextRuns(s, tz, 5, now, "systemd").map((r) => r.utc);
    const theirs: string[] = [];
    for (const spec of specs) {
      const r = await analyze(["calendar", "--iterations=5", spec]);
      assert.equal(r.code, 0, `${spec}: ${r.out}`);
      theirs.push(...elapses(r.out));
    }
    const merged = [...new Set(theirs)].sort().slice(0, 5);
    assert.deepEqual(merged, ours, `${expr} (${tz}) as ${specs.join(" | ")}`);
  }
});

Deno.test("across daylight-saving changes the next runs match systemd's, and cron's rule for a skipped time", async () => {
  const gap = parseSchedule("30 2 * * *");
  const gapFrom = new Date("2027-03-13T12:00:00Z");
  const r = await analyze([
    "calendar",
    "--iterations=3",
    "--base-time=2027-03-13 12:00 UTC",
    onCalendar(gap, "America/New_York")[0]!,
  ]);
  assert.equal(r.code, 0, r.out);
  assert.deepEqual(nextRuns(gap, "America/New_York", 3, gapFrom, "systemd").map((x) => x.utc), elapses(r.out));
  assert.equal(elapses(r.out)[0], "2027-03-15T06:30:00.000Z", "systemd skips the 14th, when 02:30 does not exist");
  // cron runs the skipped 02:30 once, at the jump (03:00 EDT = 07:00 UTC).
  const cron = nextRuns(gap, "America/New_York", 2, gapFrom, "cron");
  assert.equal(cron[0]!.utc, "2027-03-14T07:00:00.000Z");
  assert.match(cron[0]!.note!, /does not exist that day/);
  assert.equal(cron[1]!.utc, "2027-03-15T06:30:00.000Z");

  const repeat = parseSchedule("30 1 * * *");
  const r2 = await analyze([
    "calendar",
    "--iterations=3",
    "--base-time=2027-11-06 12:00 UTC",
    onCalendar(repeat, "America/New_York")[0]!,
  ]);
  const once = nextRuns(repeat, "America/New_York", 3, new Date("2027-11-06T12:00:00Z"), "systemd");
  assert.deepEqual(once.map((x) => x.utc), elapses(r2.out), "01:30 on 2027-11-07 happens twice; both run it once");
});

Deno.test("cron install --systemd writes a .service/.timer pair that systemd-analyze verify accepts", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ tasks: { "disk-clean": "true" } }));
    const args = ["--systemd", "--unit-dir", dir];
    const r = await runTask("cron", [
      "install",
      "--task",
      "disk-clean",
      "--args",
      "--if-above 80%",
      "--schedule",
      "0 3 * * *",
      "--tz",
      "Asia/Tokyo",
      "--random-delay",
      "5min",
      "--install-dir",
      dir,
      ...args,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    assert.deepEqual(plan.entries[0].on_calendar, ["*-*-* 03:00:00 Asia/Tokyo"]);
    const timer = await Deno.readTextFile(`${dir}/hostmend-disk-clean.timer`);
    assert.match(timer, /^OnCalendar=\*-\*-\* 03:00:00 Asia\/Tokyo$/m);
    assert.match(timer, /^Persistent=true$/m);
    assert.match(timer, /^RandomizedDelaySec=300$/m);
    const service = await Deno.readTextFile(`${dir}/hostmend-disk-clean.service`);
    assert.match(
      service,
      /^ExecStart=\/usr\/bin\/flock -n -E 75 \/run\/lock\/hostmend-cron-disk-clean.lock .* disk-clean --if-above "80%%"$/m,
    );
    assert.match(service, /^SyslogIdentifier=hostmend$/m);
    const verify = await analyze(["verify", `${dir}/hostmend-disk-clean.timer`, `${dir}/hostmend-disk-clean.service`]);
    assert.equal(verify.code, 0, verify.out);
    // The same check rejects a broken timer, so it can fail.
    await Deno.writeTextFile(`${dir}/hostmend-broken.timer`, "[Timer]\nOnCalendar=someday\n");
    assert.notEqual((await analyze(["verify", `${dir}/hostmend-broken.timer`])).code, 0);
    await Deno.remove(`${dir}/hostmend-broken.timer`);

    const list = await runTask("cron", ["list", ...args, "--json"]);
    assert.deepEqual(JSON.parse(list.stdout).entries.map((e: { name: string }) => e.name), ["disk-clean"]);
    await Deno.writeTextFile(`${dir}/hostmend-other.timer`, "[Timer]\nOnCalendar=daily\n");
    const removed = await runTask("cron", ["remove", "--all", ...args]);
    assert.equal(removed.code, 0, removed.stderr);
    const left = [];
    for await (const e of Deno.readDir(dir)) left.push(e.name);
    assert.deepEqual(left.sort(), ["deno.json", "hostmend-other.timer"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
