// pkg-install with the real apt-get on this (Debian, root) machine: sshpass is installed once, then the second
// run does nothing. sshpass is removed first when present, and is installed again at the end.

import assert from "node:assert/strict";
import { runCommand } from "../../lib/host/run_command.ts";
import { runTask } from "../support/run_task.ts";

async function installedVersion(name: string): Promise<string | undefined> {
  const r = await runCommand(["dpkg-query", "-W", "-f=${Status}\t${Version}", name], { noThrow: true });
  const [status, version] = r.stdout.split("\t");
  return r.success && status === "install ok installed" ? version : undefined;
}

Deno.test("real apt-get: pkg-install sshpass installs it once and the second run does nothing", async () => {
  try {
    if (await installedVersion("sshpass")) await runCommand(["dpkg", "--remove", "sshpass"]);
    assert.equal(await installedVersion("sshpass"), undefined);

    const first = await runTask("pkg-install", ["sshpass", "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const json = JSON.parse(first.stdout);
    assert.equal(json.distro.package_manager, "apt-get");
    assert.deepEqual(json.packages.map((p: { name: string; installed: boolean }) => [p.name, p.installed]), [
      ["sshpass", false],
    ]);
    const install = json.steps.at(-1);
    assert.equal(install.command, "DEBIAN_FRONTEND=noninteractive apt-get install -y sshpass");
    assert.equal(install.status, "done");
    // apt-get update ran only if the lists were stale or missing; either way it is in the plan with its reason.
    assert.equal(json.steps[0].command, "apt-get update");
    assert.equal(json.steps[0].status, json.steps[0].skipped ? "skipped" : "done");
    const version = await installedVersion("sshpass");
    assert.ok(version, "sshpass is installed after the first run");

    const second = await runTask("pkg-install", ["sshpass"]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(
      second.stdout,
      `${(await Deno.readTextFile("/etc/os-release")).match(/^PRETTY_NAME="?([^"\n]*)/m)![1]} (debian, apt-get)
  sshpass: already installed (${version}), skipped
Nothing to do: everything asked for is already in place
`,
    );
  } finally {
    // sshpass is one of the Makefile's TEST_PACKAGES (ssh-run's tests use it): leave it installed whatever
    // happened, even if a concurrent run of this test saw it removed.
    if (!(await installedVersion("sshpass"))) {
      await runCommand(["apt-get", "install", "-y", "-q", "sshpass"], {
        noThrow: true,
        env: { DEBIAN_FRONTEND: "noninteractive" },
      });
    }
  }
});
