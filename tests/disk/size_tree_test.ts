import assert from "node:assert/strict";
import { bucketKey, SizeTree } from "../../lib/disk/size_tree.ts";

Deno.test("bucketKey cuts a relative path to the reported depth", () => {
  assert.equal(bucketKey("var/log/journal/abc", 2), "var/log");
  assert.equal(bucketKey("var/log", 2), "var/log");
  assert.equal(bucketKey("var", 3), "var");
  assert.equal(bucketKey("var/log", 0), "");
  assert.equal(bucketKey("", 3), "");
});

Deno.test("SizeTree sums each bucket into every ancestor and reports the top children sorted", () => {
  const tree = new SizeTree();
  const t = (bytes: number) => ({ bytes, apparentBytes: bytes / 2, files: 1, dirs: 1 });
  tree.add("", t(4096));
  tree.add("var", t(4096));
  tree.add("var/log", t(100_000));
  tree.add("var/cache", t(50_000));
  tree.add("var/tmp", t(8192));
  tree.add("usr", t(30_000));
  tree.add("var/log", t(1_000)); // a second bucket report for the same directory adds up
  const report = tree.report(2, 2);
  assert.equal(report.bytes, 4096 + 4096 + 100_000 + 50_000 + 8192 + 30_000 + 1_000);
  assert.deepEqual(report.children.map((c) => [c.path, c.bytes]), [["var", 4096 + 101_000 + 50_000 + 8192], [
    "usr",
    30_000,
  ]]);
  const varNode = report.children[0]!;
  assert.deepEqual(varNode.children.map((c) => [c.path, c.bytes]), [["var/log", 101_000], ["var/cache", 50_000]]);
  assert.equal(varNode.otherChildren, 1);
  assert.equal(varNode.otherBytes, 8192);
  assert.equal(varNode.files, 5);
  assert.equal(report.apparentBytes, report.bytes / 2);
});

Deno.test("SizeTree report stops at the depth and breaks ties by path", () => {
  const tree = new SizeTree();
  tree.add("b/x", { bytes: 10, apparentBytes: 10, files: 0, dirs: 1 });
  tree.add("a/y", { bytes: 10, apparentBytes: 10, files: 0, dirs: 1 });
  const report = tree.report(1, 5);
  assert.deepEqual(report.children.map((c) => c.path), ["a", "b"]);
  assert.deepEqual(report.children.map((c) => c.children.length), [0, 0]);
  assert.equal(tree.report(0, 5).children.length, 0);
});
