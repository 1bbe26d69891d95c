import assert from "node:assert/strict";
import { parseOsRelease } from "../../../lib/host/os_release.ts";
import {
  chooseOldKernels,
  compareVersions,
  parseDpkgKernels,
  parseRpmKernels,
} from "../../../lib/disk/clean/old_kernels_target.ts";
import { detectPackageManager } from "../../../lib/disk/clean/package_cache_target.ts";
import { parseDockerSize } from "../../../lib/disk/clean/docker_target.ts";
import { ROTATED_LOG } from "../../../lib/disk/clean/file_targets.ts";
import { defaultCleanPolicy, parseCleanConfig } from "../../../lib/disk/clean/clean_policy.ts";

Deno.test("old kernels: keep the running one and the newest other, remove the rest oldest first", () => {
  const kernels = parseDpkgKernels(
    [
      "linux-image-6.1.0-9-amd64\t400000\tii ",
      "linux-image-6.1.0-10-amd64\t410000\tii ",
      "linux-image-6.1.0-17-amd64\t420000\tii ",
      "linux-image-6.1.0-18-amd64\t430000\tii ",
      "linux-image-6.1.0-8-amd64\t390000\trc ",
    ].join("\n"),
  );
  assert.equal(kernels.length, 4, "removed-but-configured (rc) packages are not installed kernels");
  // Running an older kernel (not rebooted since an upgrade): it stays, and so does the newest.
  const old = chooseOldKernels(kernels, "6.1.0-10-amd64", 2);
  assert.deepEqual(old.map((k) => k.package), ["linux-image-6.1.0-9-amd64", "linux-image-6.1.0-17-amd64"]);
  assert.deepEqual(chooseOldKernels(kernels, "6.1.0-18-amd64", 2).map((k) => k.release), [
    "6.1.0-9-amd64",
    "6.1.0-10-amd64",
  ]);
  assert.deepEqual(chooseOldKernels(kernels.slice(0, 2), "6.1.0-9-amd64", 2), []);
});

Deno.test("rpm kernels and version order", () => {
  const kernels = parseRpmKernels(
    "kernel-5.10.205-195.807.amzn2.x86_64\t5.10.205-195.807.amzn2.x86_64\t100\n" +
      "kernel-5.10.210-201.852.amzn2.x86_64\t5.10.210-201.852.amzn2.x86_64\t200\n",
  );
  assert.deepEqual(chooseOldKernels(kernels, "5.10.210-201.852.amzn2.x86_64", 1).map((k) => k.package), [
    "kernel-5.10.205-195.807.amzn2.x86_64",
  ]);
  assert.ok(compareVersions("6.1.0-10", "6.1.0-9") > 0);
});

Deno.test("package manager from os-release", () => {
  assert.equal(detectPackageManager(parseOsRelease('ID=debian\nVERSION_ID="12"'), true), "apt");
  assert.equal(detectPackageManager(parseOsRelease("ID=ubuntu\nID_LIKE=debian"), false), "apt");
  assert.equal(
    detectPackageManager(parseOsRelease('ID="amzn"\nVERSION_ID="2"\nID_LIKE="centos rhel fedora"'), false),
    "yum",
  );
  assert.equal(detectPackageManager(parseOsRelease('ID="amzn"\nVERSION_ID="2023"\nID_LIKE="fedora"'), true), "dnf");
  assert.equal(detectPackageManager(parseOsRelease("ID=alpine"), false), undefined);
});

Deno.test("rotated log names", () => {
  for (const name of ["syslog.1", "syslog.2.gz", "app.log-20240101", "app.log-20240101.gz", "kern.log.3.xz", "x.zst"]) {
    assert.ok(ROTATED_LOG.test(name), name);
  }
  for (const name of ["syslog", "app.log", "lastlog", "wtmp", "app.log-2024", "v1.log"]) {
    assert.ok(!ROTATED_LOG.test(name), name);
  }
});

Deno.test("docker sizes are decimal", () => {
  assert.equal(parseDockerSize("1.5GB"), 1_500_000_000);
  assert.equal(parseDockerSize("512MB (40%)"), 512_000_000);
  assert.equal(parseDockerSize("0B"), 0);
  assert.equal(parseDockerSize("12kB"), 12_000);
});

Deno.test("config: documented defaults, overrides by key", () => {
  const d = defaultCleanPolicy();
  assert.deepEqual(d.targets, ["journal", "package-cache", "core-dumps"]);
  assert.equal(d.journal.maxUseBytes, 500 * 1024 * 1024);
  assert.equal(d.journal.maxRetentionUsec, 3 * 86400 * 1e6);
  assert.deepEqual(d.coreDumps, { dirs: ["/var/lib/systemd/coredump", "/var/crash"], olderThanSec: 259200 });
  const p = parseCleanConfig({
    disk_clean: { if_above: "85%", tmp: { older_than: "2days" }, old_kernels: { keep: 3 } },
  });
  assert.equal(p.ifAbovePercent, 85);
  assert.equal(p.tmp.olderThanSec, 172800);
  assert.deepEqual(p.tmp.dirs, ["/tmp", "/var/tmp"]);
  assert.equal(p.oldKernels.keep, 3);
  assert.throws(() => parseCleanConfig({ disk_clean: { journal: { size: "lots" } } }), {
    name: "UsageError",
    message: /^Config config: disk_clean.journal.size: Cannot parse size "lots"/,
  });
});
