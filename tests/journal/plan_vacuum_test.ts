import assert from "node:assert/strict";
import { glibcMergeSort, planVacuum } from "../../lib/journal/plan_vacuum.ts";
import type { JournalFile } from "../../lib/journal/scan_journal_directory.ts";

const M = 1024 * 1024;
const both = { countsActiveSize: true, vacuumsRootDirectory: true };

function file(name: string, over: Partial<JournalFile>): JournalFile {
  return {
    path: `/j/${name}`,
    name,
    directory: "/j",
    kind: "archived",
    usage: 8 * M,
    empty: false,
    unreadable: false,
    exact: true,
    ...over,
  };
}

const a1 = file("a1", { seqnumId: "a", seqnum: 1n, realtime: 500n });
const a2 = file("a2", { seqnumId: "a", seqnum: 2n, realtime: 100n }); // older by time, later by seqnum
const b1 = file("b1", { seqnumId: "b", seqnum: 1n, realtime: 600n });
const dirty = file("d~", { kind: "dirty", realtime: 50n });
const active = file("system.journal", { kind: "active", usage: 16 * M });
const empty = file("e", { seqnumId: "c", seqnum: 1n, realtime: 900n, empty: true, usage: 4096 });

Deno.test("size: oldest first until the total fits, active counted when journalctl counts it", () => {
  const scans = [{ directory: "/j", isRoot: true, files: [a2, active, b1, a1, dirty, empty] }];
  const plan = planVacuum(scans, { maxUseBytes: 30 * M }, 1000n, both);
  // 16M active + 32M archived = 48M: three 8M archives must go.
  assert.deepEqual(plan.delete.map((e) => e.path), ["/j/e", "/j/d~", "/j/a1", "/j/a2"]);
  assert.deepEqual(plan.delete.map((e) => e.reasons), [["empty"], ["size"], ["size"], ["size"]]);
  const archivedOnly = planVacuum(scans, { maxUseBytes: 30 * M }, 1000n, { ...both, countsActiveSize: false });
  assert.deepEqual(archivedOnly.delete.map((e) => e.path), ["/j/e", "/j/d~"]);
});

Deno.test("time and files: the first file within every limit stops the vacuum", () => {
  const scans = [{ directory: "/j", isRoot: true, files: [a1, a2, b1, active] }];
  // Limit 1000-650 = 350: a1 (500) comes first (seqnum order) and is young enough, so old a2 stays too.
  const byTime = planVacuum(scans, { maxRetentionUsec: 650 }, 1000n, both);
  assert.deepEqual(byTime.delete.map((e) => e.path), []);
  // Limit 550: a1 goes, then a2; b1 (600) stops it.
  const byTime2 = planVacuum(scans, { maxRetentionUsec: 450 }, 1000n, both);
  assert.deepEqual(byTime2.delete.map((e) => e.path), ["/j/a1", "/j/a2"]);
  assert.deepEqual(byTime2.delete.map((e) => e.reasons), [["time"], ["time"]]);
  // One active + three archived: down to two files.
  const byFiles = planVacuum(scans, { maxFiles: 2 }, 1000n, both);
  assert.deepEqual(byFiles.delete.map((e) => e.path), ["/j/a1", "/j/a2"]);
  assert.equal(byFiles.freedBytes, 16 * M);
  assert.equal(byFiles.afterBytes, byFiles.beforeBytes - 16 * M);
});

Deno.test("without a limit nothing is deleted, not even empty files; a skipped top directory keeps all", () => {
  const scans = [{ directory: "/j", isRoot: true, files: [empty, a1] }];
  assert.equal(planVacuum(scans, {}, 1000n, both).delete.length, 0);
  assert.equal(planVacuum(scans, { maxFiles: 1 }, 1000n, { ...both, vacuumsRootDirectory: false }).delete.length, 0);
});

Deno.test("glibcMergeSort is a stable top-down merge sort", () => {
  const items = [5, 3, 5, 1, 4, 1].map((n, i) => ({ n, i }));
  assert.deepEqual(
    glibcMergeSort(items, (a, b) => a.n - b.n).map((x) => x.i),
    [3, 5, 1, 4, 0, 2],
  );
});
