// The Rocky Linux 9 EPEL recipe end to end with the real dnf and rpm, no stand-ins: an install root whose
// repositories are local ones built here. The base repository has an `epel-release` package that, like the real
// one, drops an epel.repo; the package asked for is only in that EPEL repository; crb is already enabled.

import assert from "node:assert/strict";
import { runCommand } from "../../lib/host/run_command.ts";
import { buildRpms, repoFile } from "../support/pkg_rpm_repo.ts";
import { runTask } from "../support/run_task.ts";

const ROCKY9 = new URL("../support/fixtures/os-release/rocky-9", import.meta.url).pathname;

interface JsonStep {
  argv: string[];
  skipped: boolean;
  skip_reason: string | null;
  status: string;
}

Deno.test("Rocky 9 with real dnf: EPEL enabled through epel-release once, crb left as it is", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-epel-" });
  try {
    const root = `${dir}/root`;
    const repos = `${root}/etc/yum.repos.d`;
    await buildRpms(`${dir}/work`, `${dir}/base`, [
      { name: "epel-release", files: { "/etc/yum.repos.d/epel.repo": repoFile("epel", `${dir}/epel`) } },
    ]);
    await buildRpms(`${dir}/work`, `${dir}/epel`, ["hostmend-test-epel-only"]);
    await Deno.mkdir(repos, { recursive: true });
    await Deno.writeTextFile(`${repos}/base.repo`, repoFile("hostmend-base", `${dir}/base`));
    await Deno.writeTextFile(`${repos}/crb.repo`, repoFile("crb", `${dir}/base`));
    const args = ["hostmend-test-epel-only", "--os-release", ROCKY9, "--installroot", root, "--repo-dir", repos];
    const dnf = ["dnf", `--installroot=${root}`, `--setopt=reposdir=${repos}`, "--releasever=9"];

    const dry = JSON.parse((await runTask("pkg-install", [...args, "--dry-run", "--json"])).stdout);
    assert.deepEqual(dry.steps.map((s: JsonStep) => [s.argv, s.skipped, s.skip_reason]), [
      [[...dnf, "config-manager", "--set-enabled", "crb"], true, "repository crb is enabled"],
      [[...dnf, "install", "-y", "epel-release"], false, null],
      [[...dnf, "install", "-y", "hostmend-test-epel-only"], false, null],
    ]);

    const r = await runTask("pkg-install", [...args, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).steps.map((s: JsonStep) => s.status), ["skipped", "done", "done"]);
    for (const name of ["epel-release", "hostmend-test-epel-only"]) {
      const q = await runCommand(["rpm", "--root", root, "-q", name], { noThrow: true });
      assert.equal(q.stdout.trim(), `${name}-1.0-1.noarch`);
    }

    const again = JSON.parse((await runTask("pkg-install", [...args, "--json"])).stdout);
    assert.equal(again.nothing_to_do, true);
    assert.deepEqual(again.steps, []);

    // --enable-epel now: both EPEL steps are in the plan and both are skipped, each with what shows it is done.
    const epel = await runTask("pkg-install", [...args, "--enable-epel", "--json"]);
    assert.equal(epel.code, 0, epel.stderr);
    const epelJson = JSON.parse(epel.stdout);
    assert.equal(epelJson.nothing_to_do, true);
    assert.deepEqual(epelJson.steps.map((s: JsonStep) => s.skip_reason), [
      "repository crb is enabled",
      "epel-release 1.0-1 is installed",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
