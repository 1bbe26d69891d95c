// When a schedule runs next in a time zone, and what daylight-saving changes do to it.

import { CronExpressionParser } from "cron-parser";
import type { CronSchedule } from "./parse_schedule.ts";
import { formatInZone, formatOffset, offsetMinutes, type WallTime, wallTime } from "./time_zone.ts";

/** One upcoming run. */
export interface ScheduledRun {
  /** The instant, as an ISO string in UTC. */
  utc: string;
  /** Wall time in the schedule's zone, e.g. `Thu 2026-11-26 03:00 +09:00`. */
  local: string;
  /** Set when daylight saving moves this run. */
  note?: string;
}

/** A daylight-saving change that touches the schedule. */
export interface DstNote {
  /** The local date of the change, YYYY-MM-DD. */
  date: string;
  kind: "gap" | "repeat";
  /** One sentence for people. */
  text: string;
}

/**
 * The next `count` runs of `schedule` in `tz` after `from`, as `runner` runs them: a time that does not exist
 * (a daylight-saving gap) runs right after the jump with cron, and not at all with a systemd timer. Pure.
 *
 * @example
 * ```ts
 * nextRuns(parseSchedule("0 3 * * *"), "Asia/Tokyo", 5, new Date());
 * ```
 */
export function nextRuns(
  schedule: CronSchedule,
  tz: string,
  count: number,
  from: Date,
  runner: "cron" | "systemd" = "cron",
): ScheduledRun[] {
  const it = CronExpressionParser.parse(schedule.expression, { tz, currentDate: from });
  const runs: ScheduledRun[] = [];
  const add = (at: Date, note?: string) => {
    if (runs.some((r) => r.utc === at.toISOString())) return;
    runs.push({ utc: at.toISOString(), local: formatInZone(at, tz), ...(note ? { note } : {}) });
  };
  for (let i = 0; runs.length < count && i < count * 50; i++) {
    const at = it.next().toDate();
    if (scheduleMatches(schedule, wallTime(at, tz))) {
      add(at);
      continue;
    }
    // cron-parser moved a time that does not exist that day (clocks jumped forward over it).
    if (runner === "systemd") continue;
    const jump = transitions(tz, new Date(at.getTime() - 4 * 3600000), 1).filter((t) =>
      t.after > t.before && t.at <= at
    ).pop();
    add(jump?.at ?? at, "the scheduled time does not exist that day (clocks jump forward): cron runs it at the jump");
  }
  return runs.sort((a, b) => a.utc.localeCompare(b.utc));
}

/**
 * Whether the schedule matches a wall time, with the cron rule for the two day fields: when both are restricted
 * a day matches either. Pure.
 *
 * @example
 * ```ts
 * scheduleMatches(parseSchedule("30 2 * * *"), { year: 2027, month: 3, day: 14, hour: 2, minute: 30, weekday: 0 });
 * ```
 */
export function scheduleMatches(s: CronSchedule, w: WallTime): boolean {
  const v = s.values;
  if (!v.minute.includes(w.minute) || !v.hour.includes(w.hour) || !v.month.includes(w.month)) return false;
  const dom = v["day-of-month"].includes(w.day);
  const dow = v["day-of-week"].includes(w.weekday);
  if (s.wildcard["day-of-month"] || s.wildcard["day-of-week"]) return dom && dow;
  return dom || dow;
}

/**
 * The daylight-saving changes of `tz` within `days` after `from` at which a run of `schedule` falls in a skipped
 * hour (gap) or a repeated hour, each explained for the scheduler that runs it: cron runs a skipped job right after
 * the jump, a systemd timer skips that day's run; both run a repeated time once. Pure.
 *
 * @example
 * ```ts
 * dstNotes(parseSchedule("30 2 * * *"), "America/New_York", new Date("2027-01-01T00:00:00Z"), "cron");
 * ```
 */
export function dstNotes(
  schedule: CronSchedule,
  tz: string,
  from: Date,
  runner: "cron" | "systemd" = "cron",
  days = 366,
): DstNote[] {
  const notes: DstNote[] = [];
  for (const t of transitions(tz, from, days)) {
    const diff = t.after - t.before;
    // Wall-clock minutes (as if UTC) of the change, in the old offset.
    const wallStart = t.at.getTime() + t.before * 60000;
    const first = diff > 0 ? wallStart : wallStart + diff * 60000;
    const span = Math.abs(diff);
    const hits: string[] = [];
    for (let m = 0; m < span; m++) {
      const d = new Date(first + m * 60000);
      const w: WallTime = {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        weekday: d.getUTCDay(),
      };
      if (scheduleMatches(schedule, w)) hits.push(`${pad(w.hour)}:${pad(w.minute)}`);
    }
    if (!hits.length) continue;
    const startWall = new Date(first);
    const endWall = new Date(first + span * 60000);
    const date = `${startWall.getUTCFullYear()}-${pad(startWall.getUTCMonth() + 1)}-${pad(startWall.getUTCDate())}`;
    const from_ = `${pad(startWall.getUTCHours())}:${pad(startWall.getUTCMinutes())}`;
    const to = `${pad(endWall.getUTCHours())}:${pad(endWall.getUTCMinutes())}`;
    const runs = listText(hits);
    if (diff > 0) {
      notes.push({
        date,
        kind: "gap",
        text: `${date}: clocks in ${tz} jump from ${from_} to ${to} (${formatOffset(t.before)} → ${
          formatOffset(t.after)
        }), so ${runs} does not exist that day; ${
          runner === "cron"
            ? "cron runs such a job once, right after the jump"
            : "the systemd timer skips that day's run"
        }`,
      });
    } else {
      notes.push({
        date,
        kind: "repeat",
        text: `${date}: clocks in ${tz} go back from ${to} to ${from_} (${formatOffset(t.before)} → ${
          formatOffset(t.after)
        }), so ${runs} happens twice that day; ${runner === "cron" ? "cron" : "the systemd timer"} runs it once`,
      });
    }
  }
  return notes;
}

/** A change of UTC offset. */
export interface OffsetChange {
  at: Date;
  before: number;
  after: number;
}

/**
 * The offset changes of `tz` within `days` after `from`, found to the minute. Pure.
 *
 * @example
 * ```ts
 * transitions("Europe/Berlin", new Date("2027-01-01T00:00:00Z"), 366).length; // 2
 * ```
 */
export function transitions(tz: string, from: Date, days: number): OffsetChange[] {
  const found: OffsetChange[] = [];
  const hour = 3600000;
  let t = Math.floor(from.getTime() / hour) * hour;
  let prev = offsetMinutes(tz, new Date(t));
  for (let i = 0; i < days * 24; i++) {
    const next = t + hour;
    const off = offsetMinutes(tz, new Date(next));
    if (off !== prev) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60000) {
        const mid = Math.floor((lo + hi) / 2 / 60000) * 60000;
        if (offsetMinutes(tz, new Date(mid)) === prev) lo = mid;
        else hi = mid;
      }
      found.push({ at: new Date(hi), before: prev, after: off });
      prev = off;
    }
    t = next;
  }
  return found;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function listText(items: string[]): string {
  if (items.length <= 3) return `the run at ${items.join(", ")}`;
  return `the runs from ${items[0]} to ${items[items.length - 1]} (${items.length})`;
}
