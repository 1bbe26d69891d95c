import assert from "node:assert/strict";
import { TopFiles } from "../../lib/disk/top_files.ts";

Deno.test("TopFiles keeps the N largest files, largest first, whatever the order they come in", () => {
  const sizes = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
  const top = new TopFiles(5);
  for (const s of sizes) top.offer(`f${s}`, s * 512, s);
  assert.deepEqual(top.sorted().map((f) => f.bytes / 512), [999, 998, 997, 996, 995]);
  const reversed = new TopFiles(5);
  for (const s of sizes.toReversed()) reversed.offer(`f${s}`, s * 512, s);
  assert.deepEqual(reversed.sorted(), top.sorted());
});

Deno.test("TopFiles breaks ties by the smaller path and wants() refuses what cannot enter", () => {
  const top = new TopFiles(2);
  top.offer("c", 10, 1);
  top.offer("b", 10, 1);
  top.offer("a", 10, 1);
  assert.deepEqual(top.sorted().map((f) => f.path), ["a", "b"]);
  assert.equal(top.wants(9), false);
  assert.equal(top.wants(11), true);
  assert.equal(new TopFiles(0).wants(1e12), false);
});
