import assert from "node:assert/strict";
import { parseJournalName } from "../../lib/journal/journal_name.ts";

const ID = "0123456789abcdef0123456789abcdef";

Deno.test("archived names carry seqnum id, head seqnum and head realtime", () => {
  assert.deepEqual(parseJournalName(`system@${ID}-00000000000003e8-0005af45257b6000.journal`), {
    kind: "archived",
    seqnumId: ID,
    seqnum: 1000n,
    realtime: 0x5af45257b6000n,
  });
  // The prefix may itself contain @ and -: positions are counted from the end.
  assert.equal(parseJournalName(`user-1000@x@${ID}-0000000000000001-0000000000000002.journal`).kind, "archived");
});

Deno.test("active and malformed journal names are active, other files are ignored", () => {
  assert.equal(parseJournalName("system.journal").kind, "active");
  assert.equal(parseJournalName("user-1000.journal").kind, "active");
  assert.equal(parseJournalName(`system@${ID}-000000000000000g-0000000000000002.journal`).kind, "active");
  assert.equal(parseJournalName(`system@${ID.slice(1)}z-0000000000000001-0000000000000002.journal`).kind, "active");
  assert.equal(parseJournalName(`system#${ID}-0000000000000001-0000000000000002.journal`).kind, "active");
  assert.equal(parseJournalName("system@short.journal~").kind, "active");
  assert.equal(parseJournalName("notes.txt").kind, "other");
  assert.equal(parseJournalName(`system@${ID}-0000000000000001-0000000000000002.journal.gz`).kind, "other");
});

Deno.test("dirty names carry the realtime first", () => {
  assert.deepEqual(parseJournalName("system@0005af45257b6000-00000000deadbeef.journal~"), {
    kind: "dirty",
    realtime: 0x5af45257b6000n,
  });
});

Deno.test("numbers are read like C's %16llx: a 0x prefix is accepted", () => {
  const parsed = parseJournalName(`system@${ID}-0x0000000000001f-0000000000000002.journal`);
  assert.equal(parsed.kind, "archived");
  assert.equal(parsed.seqnum, 0x1fn);
});
