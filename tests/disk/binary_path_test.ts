import assert from "node:assert/strict";
import { binaryToBytes, bytesToBinary, displayPath, utf8ToBinary } from "../../lib/disk/binary_path.ts";

Deno.test("binary paths keep every byte and display invalid UTF-8 as \\xNN", () => {
  const bytes = new Uint8Array([0x62, 0xff, 0x2f, 0xc3, 0xa9, 0x0a]);
  const binary = bytesToBinary(bytes);
  assert.deepEqual(binaryToBytes(binary), bytes);
  assert.equal(displayPath(binary), "b\\xff/é\n");
  assert.equal(displayPath(utf8ToBinary("/var/log/café")), "/var/log/café");
  assert.equal(displayPath("\xe9t\xe9"), "\\xe9t\\xe9");
  assert.equal(utf8ToBinary("é"), "\xc3\xa9");
});
