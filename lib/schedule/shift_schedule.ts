// For cron daemons without CRON_TZ (Debian's cron): the same schedule written in the system's time zone.

import { type CronSchedule, parseSchedule } from "./parse_schedule.ts";
import { nextRuns, transitions } from "./next_runs.ts";
import { formatOffset, offsetMinutes } from "./time_zone.ts";

/** The schedule as the system's cron must read it. */
export interface ShiftedSchedule {
  schedule: CronSchedule;
  /** True when the converted schedule runs at exactly the same instants, all year. */
  exact: boolean;
  /** Why it is not exact, for people (absent when exact). */
  warning?: string;
}

/**
 * Converts `schedule`, meant in `tz`, into the zone `systemTz` that a cron daemon without CRON_TZ uses. Exact when
 * the two zones keep a constant offset difference (same DST rules, or neither has DST); otherwise the entry is
 * written for the difference at the next run, with a warning. Throws `RangeError` when no single cron line can say
 * it (a run moves to another day while the day fields are restricted). Pure.
 *
 * @example
 * ```ts
 * shiftSchedule(parseSchedule("0 3 * * *"), "Asia/Tokyo", "UTC", new Date()).schedule.expression; // "0 18 * * *"
 * ```
 */
export function shiftSchedule(schedule: CronSchedule, tz: string, systemTz: string, from: Date): ShiftedSchedule {
  if (tz === systemTz) return { schedule, exact: true };
  const deltas = new Set<number>();
  const at = [
    from,
    ...transitions(tz, from, 366).map((t) => t.at),
    ...transitions(systemTz, from, 366).map((t) => t.at),
  ];
  for (const instant of at) deltas.add(offsetMinutes(tz, instant) - offsetMinutes(systemTz, instant));
  const next = new Date(nextRuns(schedule, tz, 1, from)[0]!.utc);
  const delta = offsetMinutes(tz, next) - offsetMinutes(systemTz, next);
  const shifted = shiftBy(schedule, delta, tz, systemTz);
  if (deltas.size === 1) return { schedule: shifted, exact: true };
  return {
    schedule: shifted,
    exact: false,
    warning: `${tz} and the system time zone ${systemTz} change clocks on different dates, and this cron has no ` +
      `CRON_TZ: the entry is written for today's difference (${formatOffset(delta)}) and runs an hour off for part ` +
      `of the year; use --systemd (timers take a time zone) or a schedule in ${systemTz}`,
  };
}

function shiftBy(s: CronSchedule, delta: number, tz: string, systemTz: string): CronSchedule {
  if (delta === 0) return s;
  const pairs = new Map<number, number>(); // minute-of-day in the system zone → day carry
  for (const h of s.values.hour) {
    for (const m of s.values.minute) {
      const total = h * 60 + m - delta;
      pairs.set(((total % 1440) + 1440) % 1440, Math.floor(total / 1440));
    }
  }
  const hours = [...new Set([...pairs.keys()].map((k) => Math.floor(k / 60)))].sort((a, b) => a - b);
  const minutes = [...new Set([...pairs.keys()].map((k) => k % 60))].sort((a, b) => a - b);
  const cannot = (why: string) =>
    new RangeError(
      `Cannot write "${s.source}" (${tz}) as one cron line in the system time zone ${systemTz}: ${why}; ` +
        `use --systemd (timers take a time zone) or give the schedule in ${systemTz}`,
    );
  if (hours.length * minutes.length !== pairs.size) {
    throw cannot("the shifted hours and minutes do not form a grid");
  }
  const daysAny = s.wildcard["day-of-month"] && s.wildcard["month"] && s.wildcard["day-of-week"];
  const carries = new Set(pairs.values());
  const dom = s.fields[2]!;
  const month = s.fields[3]!;
  let dow = s.fields[4]!;
  if (!daysAny) {
    if (carries.size !== 1) throw cannot("some runs move to another day and some do not");
    const carry = [...carries][0]!;
    if (carry !== 0) {
      if (!s.wildcard["day-of-month"] || !s.wildcard["month"]) {
        throw cannot("the runs move to another day, and day-of-month or month is restricted");
      }
      dow = compress(s.values["day-of-week"].map((d) => (((d + carry) % 7) + 7) % 7), 0, 6);
    }
  }
  const expression = [compress(minutes, 0, 59), compress(hours, 0, 23), dom, month, dow].join(" ");
  return { ...parseSchedule(expression), source: s.source };
}

/**
 * A sorted set of numbers as a cron field: `*` when it covers `min`–`max`, else ranges and lists (`0-4,6`). Pure.
 *
 * @example
 * ```ts
 * compress([0, 1, 2, 5], 0, 6); // "0-2,5"
 * ```
 */
export function compress(values: number[], min: number, max: number): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length === max - min + 1) return "*";
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return parts.join(",");
}
