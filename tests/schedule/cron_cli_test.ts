import assert from "node:assert/strict";
import { runTask } from "../support/run_task.ts";
import { inCronSandbox } from "../support/cron_sandbox.ts";

// A stand-in install dir: its deno.json has a harmless disk-clean task, so a job that cron might fire runs that.
async function fakeInstall(dir: string, task = "echo started-run && sleep 2 && echo args:"): Promise<void> {
  await Deno.writeTextFile(
    `${dir}/deno.json`,
    JSON.stringify({ tasks: { "disk-clean": task, "journal-vacuum": task } }),
  );
}

function jobLine(file: string): string {
  const line = file.split("\n").find((l) => / root cd /.test(l));
  assert.ok(line, `no job line in:\n${file}`);
  return line;
}

Deno.test("cron install --dry-run prints the file, writes nothing, and converts Tokyo to the system zone", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await fakeInstall(dir);
    const r = await runTask("cron", [
      "install",
      "--task=disk-clean",
      "--args",
      "--if-above 80%",
      "--schedule",
      "0 3 * * *",
      "--tz",
      "Asia/Tokyo",
      "--cron-dir",
      dir,
      "--install-dir",
      dir,
      "--deno",
      "/usr/local/bin/deno",
      "--daemon",
      "debian",
      "--system-tz",
      "UTC",
      "--dry-run",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /schedule "0 3 \* \* \*" in Asia\/Tokyo, written as "0 18 \* \* \*"/);
    assert.match(r.stdout, /would write .*\/hostmend \(mode 0644\)/);
    assert.equal([...r.stdout.matchAll(/\+09:00 {3}\d{4}-\d\d-\d\dT18:00:00Z/g)].length, 5, r.stdout);
    const line = jobLine(r.stdout);
    assert.equal(
      line,
      `0 18 * * * root cd ${dir} && { flock -n -E 75 /run/lock/hostmend-cron-disk-clean.lock /usr/local/bin/deno task ` +
        `--quiet disk-clean --if-above 80\\%; echo "cron entry disk-clean exited with $?"; } 2>&1 | logger -t hostmend`,
    );
    await assert.rejects(Deno.stat(`${dir}/hostmend`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("invalid schedules and zones exit 64 with one line naming the problem", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await fakeInstall(dir);
    const cases: [string[], RegExp][] = [
      [["--schedule", ""], /Empty schedule: give five fields/],
      [["--schedule", "* * * *"], /has 4 fields: cron needs exactly five/],
      [["--schedule", "0 0 3 * * *"], /has 6 fields/],
      [["--schedule", "61 3 * * *"], /Invalid minute "61" in "61 3 \* \* \*": 61 is out of range, use 0-59/],
      [["--schedule", "0 24 * * *"], /Invalid hour "24".*use 0-23/],
      [["--schedule", "0 3 32 * *"], /Invalid day-of-month "32"/],
      [["--schedule", "0 3 * 13 *"], /Invalid month "13"/],
      [["--schedule", "0 3 * * 8"], /Invalid day-of-week "8".*use 0-7/],
      [["--schedule", "0 3 L * *"], /cron daemons do not know L, W, #, \? or H/],
      [["--schedule", "@daily"], /is a macro: write the five fields instead, "0 0 \* \* \*"/],
      [["--schedule", "0 3 * * *", "--tz", "Mars/Olympus"], /Invalid --tz: Unknown time zone "Mars\/Olympus"/],
      [["--schedule", "0 3 1 * *", "--tz", "Asia/Tokyo", "--daemon", "debian", "--system-tz", "UTC"], /Cannot write/],
    ];
    for (const [args, message] of cases) {
      const r = await runTask("cron", [
        "install",
        "--task",
        "disk-clean",
        "--cron-dir",
        dir,
        "--install-dir",
        dir,
        ...args,
      ]);
      assert.equal(r.code, 64, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    const unknown = await runTask("cron", [
      "install",
      "--task",
      "nope",
      "--schedule",
      "0 3 * * *",
      "--install-dir",
      dir,
    ]);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /Unknown --task "nope": use one of disk-clean, journal-vacuum/);
    await assert.rejects(Deno.stat(`${dir}/hostmend`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("each subcommand has its own help, and an unknown one is a usage error", async () => {
  for (const sub of ["install", "list", "remove"]) {
    const r = await runTask("cron", [sub, "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^cron ${sub}: `));
  }
  const r = await runTask("cron", ["frobnicate"]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /Unknown subcommand "frobnicate": use install, list or remove/);
});

Deno.test("install writes 0644 once, list shows next runs, remove keeps lines hostmend did not write", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await fakeInstall(dir);
    const common = ["--cron-dir", dir, "--daemon", "cronie"];
    const install = [
      "install",
      "--install-dir",
      dir,
      "--task",
      "disk-clean",
      "--schedule",
      "30 2 * * *",
      "--tz",
      "America/New_York",
    ];
    const first = await runTask("cron", [...install, ...common, "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const plan = JSON.parse(first.stdout);
    assert.equal(plan.changed, true);
    assert.equal(plan.entries[0].next_runs.length, 5);
    assert.match(plan.entries[0].dst_notes.join("\n"), /jump from 02:00 to 03:00.*the run at 02:30 does not exist/);
    const path = `${dir}/hostmend`;
    const info = await Deno.stat(path);
    assert.equal(info.mode! & 0o777, 0o644);
    assert.equal(info.uid, 0);
    const text = await Deno.readTextFile(path);
    assert.ok(text.endsWith("\n"));
    assert.match(text, /^CRON_TZ=America\/New_York\n30 2 \* \* \* root /m);
    assert.match(text, /^MAILTO=""$/m);
    const mtime = info.mtime!.getTime();
    const second = await runTask("cron", [...install, ...common, "--json"]);
    assert.equal(JSON.parse(second.stdout).changed, false);
    assert.equal((await Deno.stat(path)).mtime!.getTime(), mtime);

    await Deno.writeTextFile(path, (await Deno.readTextFile(path)) + "# a line someone added\n");
    const other = [
      "install",
      "--install-dir",
      dir,
      "--task",
      "journal-vacuum",
      "--schedule",
      "0 4 * * 0",
      "--tz",
      "UTC",
    ];
    assert.equal((await runTask("cron", [...other, ...common])).code, 0);
    const list = await runTask("cron", ["list", ...common, "--json"]);
    assert.deepEqual(JSON.parse(list.stdout).entries.map((e: { name: string }) => e.name), [
      "disk-clean",
      "journal-vacuum",
    ]);
    const human = await runTask("cron", ["list", ...common]);
    assert.match(human.stdout, /journal-vacuum: deno task journal-vacuum\n {2}schedule "0 4 \* \* 0" in UTC/);

    const removed = await runTask("cron", ["remove", "disk-clean", "ghost", ...common]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /not found \(hostmend did not write it\): ghost/);
    const left = await Deno.readTextFile(path);
    assert.doesNotMatch(left, /disk-clean/);
    assert.match(left, /journal-vacuum/);
    assert.match(left, /# a line someone added/);
    assert.equal((await runTask("cron", ["remove", "--all", ...common])).code, 0);
    const rest = await Deno.readTextFile(path);
    assert.doesNotMatch(rest, /^# hostmend-entry |journal-vacuum/m);
    assert.match(rest, /# a line someone added\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the file --dry-run prints is what install writes, Debian's real cron loads it cleanly, runs never overlap", async () => {
  const dir = await Deno.makeTempDir();
  const cronDir = await Deno.makeTempDir();
  try {
    await fakeInstall(dir);
    const base = ["install", "--cron-dir", cronDir, "--install-dir", dir, "--daemon", "debian"];
    const first = [
      ...base,
      "--task",
      "disk-clean",
      "--args",
      "--if-above 80% --json",
      "--schedule",
      "0 3 * * mon-fri",
      "--tz",
      "Asia/Tokyo",
    ];
    const dry = await runTask("cron", [...first, "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    const printed = new RegExp(`----- ${cronDir}/hostmend\n([\\s\\S]*?)-----\n`).exec(dry.stdout)?.[1];
    assert.ok(printed, dry.stdout);
    const a = await runTask("cron", first);
    assert.equal(a.code, 0, a.stderr);
    // What --dry-run printed is exactly what the real run wrote, so the daemon below judges the printed file.
    assert.equal(await Deno.readTextFile(`${cronDir}/hostmend`), printed);
    const b = await runTask("cron", [
      ...base,
      "--task",
      "journal-vacuum",
      "--schedule",
      "*/15 1-5 1,15 * *",
      "--tz",
      "UTC",
    ]);
    assert.equal(b.code, 0, b.stderr);
    // A control the daemon must reject, so this test can fail: same rules, a bad minute.
    await Deno.writeTextFile(`${cronDir}/control`, "61 3 * * * root true\n", { mode: 0o644 });
    await Deno.chmod(`${cronDir}/control`, 0o644);

    const job = jobLine(await Deno.readTextFile(`${cronDir}/hostmend`)).split(" root ")[1]!.replaceAll("\\%", "%");
    const r = await inCronSandbox(cronDir, `sh -c "$JOB" & sleep 0.5; sh -c "$JOB"; wait`, { JOB: job });
    const text = r.syslog.join("\n");
    assert.match(text, /\(\*system\*control\) ERROR/, text);
    const aboutOurs = r.syslog.filter((l) => /hostmend/.test(l) && /ERROR|bad |ORPHAN|WRONG|INSECURE/i.test(l));
    assert.deepEqual(aboutOurs, [], text);
    // Two runs at once: one ran the task, the other found the lock held and exited 75; both logged with the tag.
    assert.equal(r.syslog.filter((l) => / hostmend(\[\d+\])?: started-run/.test(l)).length, 1, text);
    assert.equal(
      r.syslog.filter((l) => /hostmend(\[\d+\])?: cron entry disk-clean exited with 75/.test(l)).length,
      1,
      text,
    );
    assert.equal(
      r.syslog.filter((l) => /hostmend(\[\d+\])?: cron entry disk-clean exited with 0/.test(l)).length,
      1,
      text,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(cronDir, { recursive: true });
  }
});
