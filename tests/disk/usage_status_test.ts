import assert from "node:assert/strict";
import { auditExitCode, markFilesystems } from "../../lib/disk/usage_status.ts";
import { dfGap } from "../../lib/disk/df_gap.ts";
import type { FilesystemUsage } from "../../lib/disk/filesystems.ts";

const fs = (mountPoint: string, usePercent: number, inodeUsePercent: number | null): FilesystemUsage => ({
  mountPoint,
  source: "/dev/x",
  fsType: "ext4",
  sizeBytes: 100,
  usedBytes: usePercent,
  availBytes: 100 - usePercent,
  usePercent,
  inodesTotal: 10,
  inodesUsed: 1,
  inodesFree: 9,
  inodeUsePercent,
});

Deno.test("filesystems are marked by the higher of space and inode use, at or above the limits", () => {
  const marked = markFilesystems([fs("/", 79, 3), fs("/var", 80, 1), fs("/data", 10, 90), fs("/b", 0, null)], {
    warn: 80,
    crit: 90,
  });
  assert.deepEqual(marked.map((m) => m.status), ["ok", "warning", "critical", "ok"]);
  assert.equal(auditExitCode(marked, true), 2);
  assert.equal(auditExitCode(marked.slice(0, 2), true), 1);
  assert.equal(auditExitCode(marked.slice(0, 1), true), 0);
  assert.equal(auditExitCode(marked.slice(0, 1), false), 1);
  assert.equal(auditExitCode([], true), 0);
});

Deno.test("the df gap is given only when the scan covered a whole filesystem", () => {
  const input = { mountPoint: "/", dfUsedBytes: 9000, scannedBytes: 6000, openDeletedBytes: 2500 };
  assert.deepEqual(dfGap({ ...input, scanRoot: "/" }), {
    mountPoint: "/",
    dfUsedBytes: 9000,
    scannedBytes: 6000,
    gapBytes: 3000,
    openDeletedBytes: 2500,
  });
  assert.equal(dfGap({ ...input, scanRoot: "/var" }), undefined);
  assert.equal(dfGap({ ...input, dfUsedBytes: undefined, scanRoot: "/" }), undefined);
});
