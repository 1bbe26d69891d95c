import assert from "node:assert/strict";
import { parseDuration, parsePercent } from "../../lib/cli/parse_duration.ts";

Deno.test("parseDuration reads systemd.time units", () => {
  assert.equal(parseDuration("3days"), 3 * 86400);
  assert.equal(parseDuration("2h"), 7200);
  assert.equal(parseDuration("1h 30min"), 5400);
  assert.equal(parseDuration("120s"), 120);
  assert.equal(parseDuration("120"), 120);
  assert.equal(parseDuration("2weeks"), 14 * 86400);
});

Deno.test("parseDuration refuses what journalctl would refuse", () => {
  assert.throws(() => parseDuration("3 fortnights"), /unknown unit "fortnights"/);
  assert.throws(() => parseDuration("days"), RangeError);
  assert.throws(() => parseDuration("3days!"), RangeError);
});

Deno.test("parsePercent takes 80% or 80 and nothing outside 0-100", () => {
  assert.equal(parsePercent("80%"), 80);
  assert.equal(parsePercent("90"), 90);
  assert.throws(() => parsePercent("120%"), RangeError);
  assert.throws(() => parsePercent("high"), RangeError);
});
