import assert from "node:assert/strict";
import { formatSize, parseSize } from "../../lib/cli/parse_size.ts";

Deno.test("parseSize reads units the way journalctl and df write them", () => {
  assert.equal(parseSize("100M"), 100 * 1024 * 1024);
  assert.equal(parseSize("1.5G"), 1.5 * 1024 ** 3);
  assert.equal(parseSize("512k"), 512 * 1024);
  assert.equal(parseSize("2GiB"), 2 * 1024 ** 3);
  assert.equal(parseSize("4096"), 4096);
});

Deno.test("parseSize refuses an unknown unit with a message that names it", () => {
  assert.throws(() => parseSize("10Q"), {
    name: "RangeError",
    message: 'Cannot parse size "10Q": unknown unit "Q", use K, M, G, T or P',
  });
  assert.throws(() => parseSize("-1M"), RangeError);
  assert.throws(() => parseSize(""), RangeError);
});

Deno.test("formatSize matches du -h: powers of 1024, one decimal below 10, rounded up", () => {
  assert.equal(formatSize(0), "0B");
  assert.equal(formatSize(1023), "1023B");
  assert.equal(formatSize(1024), "1.0K");
  assert.equal(formatSize(1025), "1.1K");
  assert.equal(formatSize(633 * 1024 * 1024), "633M");
  assert.equal(formatSize(1_500_000_000), "1.4G");
  assert.equal(formatSize(10 * 1024 ** 3 - 1), "10G");
});
