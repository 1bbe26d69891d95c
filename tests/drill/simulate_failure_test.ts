import assert from "node:assert/strict";
import { createNetnsPair } from "../support/netns_pair.ts";
import { REPO_ROOT, runTask } from "../support/run_task.ts";
import { planFillDisk } from "../../lib/drill/plan_fill_disk.ts";
import { chooseDeferred, deferredArgv } from "../../lib/drill/deferred_command.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// `deno task simulate-failure …` inside a namespace, the way an operator would type it over SSH.
function inNetns(ns: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Deno.Command("ip", {
    args: [
      "netns",
      "exec",
      ns,
      Deno.execPath(),
      "task",
      "--quiet",
      "--config",
      `${REPO_ROOT}/deno.json`,
      "simulate-failure",
      ...args,
    ],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output().then((o) => ({
    code: o.code,
    stdout: new TextDecoder().decode(o.stdout),
    stderr: new TextDecoder().decode(o.stderr),
  }));
}

async function pingUntil(ping: () => Promise<boolean>, want: boolean, tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if ((await ping()) === want) return true;
    await sleep(500);
  }
  return false;
}

Deno.test("the interface drill takes a veth down in a private namespace and a detached restore brings it back", async () => {
  const net = await createNetnsPair();
  try {
    assert.ok(await net.pingAB(), "the veth pair must carry traffic before the drill");

    const refused = await inNetns(net.a, ["--interface", net.ifA, "--for", "3s"]);
    assert.equal(refused.code, 64);
    assert.match(refused.stdout, /arrange the restore first \(setsid\)/);
    assert.match(refused.stdout, /may REBOOT the instance/);
    assert.match(refused.stderr, new RegExp(`Refusing to take ${net.ifA} down without --yes`));
    assert.ok(await net.pingAB(), "a refused drill changes nothing");

    const dry = await inNetns(net.a, ["--interface", net.ifA, "--for", "3s", "--dry-run", "--json"]);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout);
    assert.equal(plan.method.kind, "setsid");
    assert.deepEqual(plan.down.slice(1), ["link", "set", "dev", net.ifA, "down"]);
    assert.ok(await net.pingAB(), "a dry run changes nothing");

    const run = await inNetns(net.a, ["--interface", net.ifA, "--for", "4s", "--yes"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`${net.ifA} is down\\. It comes back up at .* via setsid`));
    // The CLI has exited: only the detached restore is left to bring the link back.
    assert.equal(await net.pingAB(), false, "traffic must fail while the interface is down");
    const state = await net.exec(net.a, ["ip", "-j", "link", "show", "dev", net.ifA]);
    assert.ok(!JSON.parse(state.stdout)[0].flags.includes("UP"));
    assert.ok(await pingUntil(net.pingAB, true, 20), "traffic must flow again after the restore");
  } finally {
    await net.remove();
  }
});

Deno.test("the restore is a transient systemd timer only where systemd shares our network namespace", () => {
  assert.equal(chooseDeferred({ systemdRunning: true, inInitNetns: true }).kind, "systemd-run");
  assert.equal(chooseDeferred({ systemdRunning: true, inInitNetns: false }).kind, "setsid");
  assert.equal(chooseDeferred({ systemdRunning: false, inInitNetns: true }).kind, "setsid");
  const argv = deferredArgv({ kind: "systemd-run", reason: "" }, 120, [
    "/usr/sbin/ip",
    "link",
    "set",
    "dev",
    "eth0",
    "up",
  ], "u");
  assert.deepEqual(argv.slice(0, 4), [
    "systemd-run",
    "--unit=u",
    "--on-active=120s",
    "--timer-property=AccuracySec=1s",
  ]);
  assert.deepEqual(argv.slice(-6), ["/usr/sbin/ip", "link", "set", "dev", "eth0", "up"]);
});

Deno.test("interface mistakes are usage errors and never touch an interface", async () => {
  for (
    const [args, message] of [
      [["--interface", "lo", "--yes"], /Refusing --interface lo/],
      [["--interface", "hm-nope-x", "--dry-run"], /No interface "hm-nope-x" here/],
      [["--interface", "eth0", "--for", "2h", "--dry-run"], /use 1s to 1h/],
      [[], /Nothing to drill/],
    ] as [string[], RegExp][]
  ) {
    const r = await runTask("simulate-failure", args);
    assert.equal(r.code, 64, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

Deno.test("fill-disk fills a temp dir with one named file, refuses past 99%, and cleans up", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const refused = await runTask("simulate-failure", ["--fill-disk", dir, "--size", "8M"]);
    assert.equal(refused.code, 64);
    assert.match(refused.stderr, /Refusing to fill .* without --yes/);
    const r = await runTask("simulate-failure", ["--fill-disk", dir, "--size", "8M", "--yes", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.bytes, 8 * 1024 * 1024);
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assert.equal(names.length, 1);
    assert.match(names[0]!, /^hostmend-fill-\d{8}T\d{6}Z\.bin$/);
    assert.equal((await Deno.stat(`${dir}/${names[0]}`)).size, 8 * 1024 * 1024);
    await Deno.writeTextFile(`${dir}/keep-me.bin`, "not ours");
    const clean = await runTask("simulate-failure", ["--fill-disk", dir, "--cleanup", "--json"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(JSON.parse(clean.stdout).freed_bytes, 8 * 1024 * 1024);
    const left = [];
    for await (const e of Deno.readDir(dir)) left.push(e.name);
    assert.deepEqual(left, ["keep-me.bin"]);

    const timed = await runTask("simulate-failure", ["--fill-disk", dir, "--size", "1M", "--for", "1s", "--yes"]);
    assert.equal(timed.code, 0, timed.stderr);
    let gone = false;
    for (let i = 0; i < 20 && !gone; i++) {
      await sleep(250);
      gone = true;
      for await (const e of Deno.readDir(dir)) if (e.name.startsWith("hostmend-fill-")) gone = false;
    }
    assert.ok(gone, "the fill file must be removed after --for");

    const tooMuch = await runTask("simulate-failure", ["--fill-disk", dir, "--size", "100P", "--dry-run"]);
    assert.equal(tooMuch.code, 64);
    assert.match(tooMuch.stderr, /more than 99%\): use at most \d+ bytes/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fill-disk plans in whole blocks up to a target use", () => {
  const df = { size: 1000 * 4096, used: 500 * 4096, avail: 500 * 4096, mount: "/x" };
  const plan = planFillDisk("/x/tmp", df, { toPercent: 90 }, new Date("2026-11-25T10:00:00Z"));
  assert.equal(plan.bytes, 400 * 4096);
  assert.equal(plan.use_after, 90);
  assert.equal(plan.file, "/x/tmp/hostmend-fill-20261125T100000Z.bin");
  assert.throws(() => planFillDisk("/x", df, { toPercent: 40 }, new Date()), /already at 50%/);
  assert.throws(() => planFillDisk("/x", df, { bytes: 499 * 4096 }, new Date()), /more than 99%/);
});
