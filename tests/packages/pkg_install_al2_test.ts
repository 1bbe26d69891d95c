// The whole Amazon Linux 2 EPEL flow, run for real (not a dry run): the tools that cannot exist on Debian
// (amazon-linux-extras, yum-config-manager, yum) are recording stand-ins on PATH; rpm is the real one.

import assert from "node:assert/strict";
import { type Standins, writeStandins } from "../support/pkg_standins.ts";
import { runTask } from "../support/run_task.ts";

const AL2 = new URL("../support/fixtures/os-release/amzn-2", import.meta.url).pathname;

/** The calls that change something (not the read-only yum repolist/list probes). */
async function changes(s: Standins): Promise<string[][]> {
  return (await s.calls()).filter((argv) => !(argv[0] === "yum" && ["repolist", "list"].includes(argv[2] ?? "")));
}

async function withStandins(fn: (s: Standins, env: Record<string, string>) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-al2-" });
  try {
    const s = await writeStandins(dir);
    await fn(s, { PATH: `${s.bin}:${Deno.env.get("PATH")}` });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("Amazon Linux 2: sshpass not in the repos runs the EPEL recipe once, in order", async () => {
  await withStandins(async (s, env) => {
    const r = await runTask("pkg-install", ["sshpass", "--os-release", AL2], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await changes(s), [
      ["amazon-linux-extras", "install", "epel", "-y"],
      ["yum-config-manager", "--enable", "epel"],
      ["yum", "install", "-y", "sshpass"],
    ]);
    // The probes asked yum, read-only, before anything ran.
    assert.deepEqual((await s.calls()).slice(0, 2), [
      ["yum", "-q", "repolist", "enabled"],
      ["yum", "-q", "list", "available", "sshpass"],
    ]);
    assert.match(r.stdout, /1\. \[done\] amazon-linux-extras install epel -y\n/);
    assert.match(r.stdout, /Installed: sshpass/);

    // Second run: EPEL is enabled now, so it is not enabled again.
    const before = (await changes(s)).length;
    const again = await runTask("pkg-install", ["sshpass", "--os-release", AL2, "--json"], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((await changes(s)).slice(before), [["yum", "install", "-y", "sshpass"]]);

    // Asking for EPEL explicitly when it is there: both EPEL steps are planned but skipped.
    const epel = JSON.parse(
      (await runTask("pkg-install", ["--enable-epel", "--os-release", AL2, "--json"], { env })).stdout,
    );
    assert.equal(epel.nothing_to_do, true);
    assert.deepEqual(
      epel.steps.map((x: { command: string; skipped: boolean; skip_reason: string }) => [x.command, x.skip_reason]),
      [
        ["amazon-linux-extras install epel -y", "repository epel is enabled"],
        ["yum-config-manager --enable epel", "repository epel is enabled"],
      ],
    );
  });
});

Deno.test("Amazon Linux 2: a failing step is reported and nothing after it runs", async () => {
  await withStandins(async (s, env) => {
    await s.failConfigManager();
    const r = await runTask("pkg-install", ["sshpass", "--os-release", AL2, "--json"], { env });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      "pkg-install: step 2 of 3 failed: yum-config-manager --enable epel exited with code 1: " +
        "Loaded plugins: priorities | Cannot enable epel: simulated failure; the steps after it were not run\n",
    );
    assert.deepEqual(await changes(s), [
      ["amazon-linux-extras", "install", "epel", "-y"],
      ["yum-config-manager", "--enable", "epel"],
    ]);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.steps.map((x: { status: string }) => x.status), ["done", "failed", "not_run"]);
    assert.equal(json.steps[1].exit_code, 1);
    assert.equal(json.ok, false);
  });
});

Deno.test("Amazon Linux 2: without root nothing runs", async () => {
  await withStandins(async (s, env) => {
    const r = await runTask("pkg-install", ["sshpass", "--os-release", AL2], {
      env: { ...env, HOSTMEND_ASSUME_UID: "1000" },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs root to install sshpass: run it with sudo, or add --dry-run to see the plan/);
    assert.deepEqual(await changes(s), []);
  });
});
