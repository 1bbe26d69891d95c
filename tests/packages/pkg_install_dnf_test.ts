// pkg-install with the real dnf, into an install root, from a real local repository built once for this file.

import assert from "node:assert/strict";
import { runCommand } from "../../lib/host/run_command.ts";
import { buildRpmRepo } from "../support/pkg_rpm_repo.ts";
import { runTask } from "../support/run_task.ts";

const FIXTURES = new URL("../support/fixtures/os-release/", import.meta.url).pathname;
const PKG = "hostmend-test-hello";

async function rpmQuery(root: string, name: string): Promise<string | undefined> {
  const r = await runCommand(["rpm", "--root", root, "-q", name], { noThrow: true });
  return r.success ? r.stdout.trim() : undefined;
}

Deno.test("pkg-install with real dnf --installroot: dry run, install, already installed, a failing step", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-dnf-" });
  try {
    const repo = await buildRpmRepo(dir, [PKG, "hostmend-test-extra"]);
    const root = `${dir}/root`;
    const base = ["--os-release", `${FIXTURES}amzn-2023`, "--installroot", root, "--repo-dir", repo.repoDir];
    const dnf = ["dnf", `--installroot=${root}`, `--setopt=reposdir=${repo.repoDir}`, "--releasever=2023"];

    await t.step("--dry-run prints the exact dnf command and installs nothing", async () => {
      const r = await runTask("pkg-install", [PKG, "--dry-run", ...base]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`1\\. ${[...dnf, "install", "-y", PKG].join(" ")}\n`));
      const json = JSON.parse((await runTask("pkg-install", [PKG, "--dry-run", "--json", ...base])).stdout);
      assert.deepEqual(json.steps.map((s: { argv: string[] }) => s.argv), [[...dnf, "install", "-y", PKG]]);
      assert.equal(json.packages[0].installed, false);
      assert.equal(await rpmQuery(root, PKG), undefined);
    });

    await t.step("a real run installs the package into the root", async () => {
      const r = await runTask("pkg-install", [PKG, "--json", ...base]);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout);
      assert.equal(json.ok, true);
      assert.deepEqual(json.steps.map((s: { status: string }) => s.status), ["done"]);
      assert.equal(await rpmQuery(root, PKG), `${PKG}-1.0-1.noarch`);
      assert.equal(await Deno.readTextFile(`${root}/usr/share/${PKG}/README`), `${PKG}\n`);
    });

    await t.step("the second run finds it installed and does nothing", async () => {
      const r = await runTask("pkg-install", [PKG, ...base]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`${PKG}: already installed \\(1\\.0-1\\), skipped`));
      assert.match(r.stdout, /Nothing to do/);
      const json = JSON.parse((await runTask("pkg-install", [PKG, "--json", ...base])).stdout);
      assert.equal(json.nothing_to_do, true);
      assert.deepEqual(json.steps, []);
      assert.deepEqual(json.packages, [{ name: PKG, installed: true, version: "1.0-1", unknown: null }]);
    });

    await t.step("with one package installed, only the other is installed", async () => {
      const r = await runTask("pkg-install", [PKG, "hostmend-test-extra", "--json", ...base]);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout);
      assert.deepEqual(json.steps.map((s: { argv: string[] }) => s.argv), [
        [...dnf, "install", "-y", "hostmend-test-extra"],
      ]);
      assert.equal(await rpmQuery(root, "hostmend-test-extra"), "hostmend-test-extra-1.0-1.noarch");
    });

    await t.step("a failing step names the step, the command, its exit code and stderr", async () => {
      const r = await runTask("pkg-install", ["hostmend-test-missing", ...base]);
      assert.equal(r.code, 2);
      const command = [...dnf, "install", "-y", "hostmend-test-missing"].join(" ");
      assert.match(r.stderr, new RegExp(`^pkg-install: step 1 of 1 failed: ${command} exited with code 1: `));
      assert.match(r.stderr, /Unable to find a match: hostmend-test-missing; the steps after it were not run\n$/);
      assert.match(r.stdout, /\[failed\]/);
    });

    await t.step("without root it stops before the first step and says so", async () => {
      const r = await runTask("pkg-install", ["hostmend-test-missing", ...base], {
        env: { HOSTMEND_ASSUME_UID: "1000" },
      });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /needs root to install hostmend-test-missing: run it with sudo, or add --dry-run/);
      assert.equal(r.stdout, "");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
