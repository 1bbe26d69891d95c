// The planned steps for each distro, from os-release fixtures, through the task as a user runs it (--dry-run).
// The probes run on this Debian machine, where yum, dnf repos and EPEL are absent: EPEL recipes are planned in full.

import assert from "node:assert/strict";
import { runTask } from "../support/run_task.ts";

const FIXTURES = new URL("../support/fixtures/os-release/", import.meta.url).pathname;

interface JsonStep {
  command: string;
  skipped: boolean;
  skip_reason: string | null;
  why: string;
}

async function plan(fixture: string, ...args: string[]) {
  const r = await runTask("pkg-install", [...args, "--dry-run", "--json", "--os-release", `${FIXTURES}${fixture}`]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { distro: { family: string }; steps: JsonStep[]; dry_run: boolean };
}

Deno.test("Amazon Linux 2: sshpass --dry-run prints the EPEL recipe", async () => {
  const r = await runTask("pkg-install", ["sshpass", "--dry-run", "--os-release", `${FIXTURES}amzn-2`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `Amazon Linux 2 (amzn2, yum)
  sshpass: to install
Plan (dry run, nothing was changed):
  1. amazon-linux-extras install epel -y
       EPEL is needed: sshpass is not in the enabled repositories
  2. yum-config-manager --enable epel
       enable the EPEL repository
  3. yum install -y sshpass
       install, with EPEL
`,
  );
});

Deno.test("Amazon Linux 2023: dnf install, and --enable-epel says EPEL is not supported there", async () => {
  const p = await plan("amzn-2023", "sshpass");
  assert.equal(p.distro.family, "amzn2023");
  assert.deepEqual(p.steps.map((s) => s.command), ["dnf install -y sshpass"]);
  const r = await runTask("pkg-install", ["sshpass", "--enable-epel", "--os-release", `${FIXTURES}amzn-2023`]);
  assert.equal(r.code, 64);
  assert.match(
    r.stderr,
    /^pkg-install: EPEL is not supported on Amazon Linux 2023 \(it has no EPEL\): drop --enable-epel/,
  );
});

Deno.test("RHEL 9: CodeReady Builder, epel-release-latest-9, then dnf install", async () => {
  const p = await plan("rhel-9", "sshpass");
  assert.deepEqual(p.steps.map((s) => s.command), [
    `subscription-manager repos --enable codeready-builder-for-rhel-9-${Deno.build.arch}-rpms`,
    "dnf install -y https://dl.fedoraproject.org/pub/epel/epel-release-latest-9.noarch.rpm",
    "dnf install -y sshpass",
  ]);
});

Deno.test("Rocky 8: powertools and epel-release; Rocky 9: crb", async () => {
  const p8 = await plan("rocky-8", "sshpass");
  assert.deepEqual(p8.steps.map((s) => s.command), [
    "dnf config-manager --set-enabled powertools",
    "dnf install -y epel-release",
    "dnf install -y sshpass",
  ]);
  const p9 = await plan("rocky-9", "--enable-epel");
  assert.deepEqual(p9.steps.map((s) => s.command), [
    "dnf config-manager --set-enabled crb",
    "dnf install -y epel-release",
  ]);
  assert.match(p9.steps[1]!.why, /--enable-epel was given/);
});

Deno.test("Ubuntu 22.04: apt-get update when a package has no candidate, then apt-get install", async () => {
  const p = await plan("ubuntu-22.04", "hostmend-no-such-package");
  assert.deepEqual(p.steps.map((s) => [s.command, s.skipped]), [
    ["apt-get update", false],
    ["DEBIAN_FRONTEND=noninteractive apt-get install -y hostmend-no-such-package", false],
  ]);
  const r = await runTask("pkg-install", ["sl", "--enable-epel", "--os-release", `${FIXTURES}ubuntu-22.04`]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /EPEL is for RHEL-family systems, not Ubuntu 22\.04\.4 LTS: drop --enable-epel/);
});

Deno.test("apt-get update runs only when the lists are stale", async () => {
  // sl has a candidate in Debian's lists and is not installed on the test machine.
  const stale = await plan("ubuntu-22.04", "sl", "--lists-max-age", "0s");
  assert.equal(stale.steps[0]!.command, "apt-get update");
  assert.equal(stale.steps[0]!.skipped, false);
  assert.match(stale.steps[0]!.why, /^the package lists are stale \(updated .* ago, more than 0s\)$/);
  const fresh = await plan("ubuntu-22.04", "sl", "--lists-max-age", "5200weeks");
  assert.equal(fresh.steps[0]!.skipped, true);
  assert.match(fresh.steps[0]!.skip_reason!, /^the lists were updated .* ago$/);
  assert.equal(fresh.steps[1]!.command, "DEBIAN_FRONTEND=noninteractive apt-get install -y sl");
});

Deno.test("an installed package: nothing to do, exit 0, and it says so", async () => {
  const r = await runTask("pkg-install", ["dpkg", "bash"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, / {2}dpkg: already installed \(.+\), skipped\n {2}bash: already installed/);
  assert.match(r.stdout, /Nothing to do: everything asked for is already in place\n$/);
});

Deno.test("CentOS 7 and unknown systems are refused, naming what is supported", async () => {
  const r = await runTask("pkg-install", ["sshpass", "--os-release", `${FIXTURES}centos-7`]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "pkg-install: CentOS Linux 7 (Core) is end-of-life, so it is not supported: pkg-install supports " +
      "Amazon Linux 2 and 2023, RHEL, Rocky Linux and AlmaLinux 8 and 9, Debian 11 or later, Ubuntu 20.04 or later\n",
  );
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/os-release`, 'ID=plan9\nPRETTY_NAME="Plan 9"\n');
    const u = await runTask("pkg-install", ["sshpass", "--dry-run", "--os-release", `${dir}/os-release`]);
    assert.equal(u.code, 2);
    assert.match(
      u.stderr,
      /^pkg-install: Plan 9 \(ID plan9\) is unknown, so it is not supported: pkg-install supports/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("usage errors exit 64 with one line", async () => {
  const cases: [string[], RegExp][] = [
    [[], /^pkg-install: Missing package name: usage is deno task pkg-install \[options\] NAME\.\.\.\n$/],
    [["x;rm"], /^pkg-install: Invalid package name "x;rm": use a name such as sshpass or python3-pip\n$/],
    [["sl", "--os-release", "/nonexistent/os-release"], /^pkg-install: Cannot read --os-release \/nonexistent/],
    [["sl", "--lists-max-age", "soon"], /^pkg-install: Invalid --lists-max-age: Cannot parse duration "soon"/],
    [["sl", "--installroot", "/tmp/x"], /--installroot, --repo-dir and --releasever apply to dnf and yum, not to apt/],
    [
      ["sshpass", "--installroot", "/tmp/x", "--os-release", `${FIXTURES}amzn-2`],
      /Enabling EPEL on Amazon Linux 2 runs amazon-linux-extras, which acts on this host only/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await runTask("pkg-install", args);
    assert.equal(r.code, 64, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
