import assert from "node:assert/strict";
import { parseSchedule } from "../../lib/schedule/parse_schedule.ts";
import { dstNotes, nextRuns } from "../../lib/schedule/next_runs.ts";
import { compress, shiftSchedule } from "../../lib/schedule/shift_schedule.ts";
import { splitArgs } from "../../lib/schedule/split_args.ts";
import { checkTimeZone, formatInZone } from "../../lib/schedule/time_zone.ts";

const JAN = new Date("2027-01-10T00:00:00Z");

Deno.test("names become numbers every daemon reads, and day-of-week 7 is Sunday", () => {
  assert.equal(parseSchedule(" 0  3 * jan-mar mon-fri ").expression, "0 3 * 1-3 1-5");
  assert.deepEqual(parseSchedule("0 3 * * 7").values["day-of-week"], [0]);
  assert.deepEqual(parseSchedule("*/20 * * * *").values.minute, [0, 20, 40]);
  assert.throws(() => parseSchedule("5/10 * * * *"), /a step needs a range or \*, like 5-59\/10/);
  assert.throws(() => parseSchedule("5-1 * * * *"), /range 5-1 runs backwards/);
  assert.throws(() => parseSchedule("0 3 * * 5#2"), /do not know L, W, #/);
  assert.throws(() => parseSchedule("0 3 * * fri-mon"), /runs backwards/);
});

Deno.test("time zones are IANA names, canonicalised", () => {
  assert.equal(checkTimeZone("asia/tokyo"), "Asia/Tokyo");
  assert.throws(() => checkTimeZone("JST+9 bogus"), /Unknown time zone/);
  assert.throws(() => checkTimeZone("Nowhere/Atlantis"), /Unknown time zone "Nowhere\/Atlantis"/);
  assert.equal(formatInZone(new Date("2026-11-25T18:00:00Z"), "Asia/Tokyo"), "Thu 2026-11-26 03:00 +09:00");
});

Deno.test("next runs are shown in the schedule's zone", () => {
  const runs = nextRuns(parseSchedule("0 3 * * 1"), "Asia/Tokyo", 2, JAN);
  assert.deepEqual(runs, [
    { utc: "2027-01-10T18:00:00.000Z", local: "Mon 2027-01-11 03:00 +09:00" },
    { utc: "2027-01-17T18:00:00.000Z", local: "Mon 2027-01-18 03:00 +09:00" },
  ]);
});

Deno.test("daylight-saving gaps and repeats that touch the schedule are explained", () => {
  const gap = dstNotes(parseSchedule("30 2 * * *"), "America/New_York", JAN);
  assert.equal(gap.length, 1);
  assert.equal(gap[0]!.kind, "gap");
  assert.match(gap[0]!.text, /^2027-03-14: clocks in America\/New_York jump from 02:00 to 03:00 \(-05:00 → -04:00\)/);
  const repeat = dstNotes(parseSchedule("30 1 * * *"), "America/New_York", JAN);
  assert.equal(repeat.length, 1);
  assert.match(repeat[0]!.text, /^2027-11-07: clocks .* go back from 02:00 to 01:00 .* the run at 01:30 happens twice/);
  // Not on a Sunday (both changes are), not at those hours, not in a zone without DST: nothing to say.
  assert.deepEqual(dstNotes(parseSchedule("30 2 * * 1-5"), "America/New_York", JAN), []);
  assert.deepEqual(dstNotes(parseSchedule("0 3 * * *"), "America/New_York", JAN), []);
  assert.deepEqual(dstNotes(parseSchedule("* * * * *"), "Asia/Tokyo", JAN), []);
});

Deno.test("schedules move to a system zone without CRON_TZ when that is exact, or say why not", () => {
  const tokyo = shiftSchedule(parseSchedule("0 3 * * 1"), "Asia/Tokyo", "UTC", JAN);
  assert.equal(tokyo.schedule.expression, "0 18 * * 0");
  assert.equal(tokyo.exact, true);
  const india = shiftSchedule(parseSchedule("0 3 * * *"), "Asia/Kolkata", "UTC", JAN);
  assert.equal(india.schedule.expression, "30 21 * * *");
  // Same rules on both sides: exact even with DST.
  assert.equal(shiftSchedule(parseSchedule("0 3 * * *"), "Europe/Paris", "Europe/Berlin", JAN).exact, true);
  const ny = shiftSchedule(parseSchedule("0 3 * * *"), "America/New_York", "UTC", JAN);
  assert.equal(ny.schedule.expression, "0 8 * * *");
  assert.equal(ny.exact, false);
  assert.match(ny.warning!, /change clocks on different dates.*use --systemd/);
  assert.throws(
    () => shiftSchedule(parseSchedule("0 3 1 * *"), "Asia/Tokyo", "UTC", JAN),
    /runs move to another day, and day-of-month or month is restricted/,
  );
  assert.throws(
    () => shiftSchedule(parseSchedule("0,30 3 * * *"), "Asia/Kolkata", "UTC", JAN),
    /do not form a grid/,
  );
  assert.throws(() => shiftSchedule(parseSchedule("0 * * * 1"), "Asia/Tokyo", "UTC", JAN), /another day/);
});

Deno.test("cron fields compress to ranges and lists", () => {
  assert.equal(compress([0, 1, 2, 5], 0, 6), "0-2,5");
  assert.equal(compress([1, 2], 0, 6), "1,2");
  assert.equal(compress([0, 1, 2, 3, 4, 5, 6], 0, 6), "*");
});

Deno.test("task arguments split like sh splits them", () => {
  assert.deepEqual(splitArgs(`--if-above 80% --config "/etc/my conf.json" 'a b'`), [
    "--if-above",
    "80%",
    "--config",
    "/etc/my conf.json",
    "a b",
  ]);
  assert.deepEqual(splitArgs(""), []);
  assert.throws(() => splitArgs(`--x "open`), /Unclosed "/);
});
