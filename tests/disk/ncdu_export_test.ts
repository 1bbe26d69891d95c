import assert from "node:assert/strict";
import { createNcduExporter, jsonBinary } from "../../lib/disk/ncdu_export.ts";
import { bytesToBinary } from "../../lib/disk/binary_path.ts";

const stat = (bytes: number, apparentBytes: number, ino: number, nlink = 1) => ({
  isDir: false,
  bytes,
  apparentBytes,
  nlink,
  dev: 7,
  ino,
});

Deno.test("the ncdu export nests directories as arrays headed by their info object", () => {
  const chunks: Uint8Array[] = [];
  const ex = createNcduExporter((b) => chunks.push(b.slice()), { timestamp: 1700000000, progver: "0.1" });
  ex.enterDir("/srv", { bytes: 4096, apparentBytes: 4096, dev: 7, ino: 2 });
  ex.file("a.log", stat(8192, 5000, 3));
  ex.file("linked", stat(4096, 10, 4, 2));
  ex.enterDir("sub", { bytes: 4096, apparentBytes: 4096, dev: 7, ino: 5 });
  ex.leaveDir();
  ex.enterDir("locked", { bytes: 4096, apparentBytes: 4096, dev: 7, ino: 6 }, { code: "EACCES", message: "x" });
  ex.leaveDir();
  ex.finish();
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) (bytes.set(c, at), at += c.length);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(bytes)), [
    1,
    2,
    { progname: "hostmend", progver: "0.1", timestamp: 1700000000 },
    [
      { name: "/srv", asize: 4096, dsize: 4096, dev: 7, ino: 2 },
      { name: "a.log", asize: 5000, dsize: 8192, ino: 3 },
      { name: "linked", asize: 10, dsize: 4096, ino: 4, hlnkc: true, nlink: 2 },
      [{ name: "sub", asize: 4096, dsize: 4096, ino: 5 }],
      [{ name: "locked", asize: 4096, dsize: 4096, ino: 6, read_error: true }],
    ],
  ]);
});

Deno.test("names keep their raw bytes and escape quotes, backslashes and control characters", () => {
  assert.equal(jsonBinary('a"b\\c\nd'), '"a\\"b\\\\c\\u000ad"');
  const raw = bytesToBinary(new Uint8Array([0x62, 0xff]));
  assert.equal(jsonBinary(raw), `"${raw}"`);
});
