import assert from "node:assert/strict";
import { HardLinkLedger } from "../../lib/disk/hard_links.ts";

Deno.test("a multiply-linked file is charged once, to its byte-wise smallest path, in any order", () => {
  const sightings = [
    { key: "8:1:7", bytes: 8192, apparentBytes: 5000, path: "y/file", bucket: "y" },
    { key: "8:1:7", bytes: 8192, apparentBytes: 5000, path: "x/file", bucket: "x" },
    { key: "8:1:7", bytes: 8192, apparentBytes: 5000, path: "x/\xffodd", bucket: "x" },
    { key: "8:1:9", bytes: 4096, apparentBytes: 1, path: "z/other", bucket: "z" },
  ];
  for (const order of [sightings, sightings.toReversed()]) {
    const ledger = new HardLinkLedger();
    for (const s of order) ledger.add(s);
    assert.deepEqual([...ledger.charged()].map((l) => l.path).sort(), ["x/file", "z/other"]);
    assert.equal(ledger.size, 2);
    assert.equal(ledger.links, 4);
  }
});
