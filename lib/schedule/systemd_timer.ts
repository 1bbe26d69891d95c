// A scheduled entry as a systemd .service/.timer pair: OnCalendar= carries the time zone itself, Persistent=
// catches up on runs missed while the host was off, and systemd never starts a running service twice.

import type { CronSchedule } from "./parse_schedule.ts";
import { type ScheduleEntry, taskArgv } from "./job_command.ts";

/** Marks a unit file as hostmend's: this prefix, then the entry as JSON. */
export const UNIT_MARK = "# hostmend-entry ";

const DOW = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * The `OnCalendar=` values equivalent to a cron schedule in `tz`. Two values when both day fields are restricted
 * (cron runs on either; one systemd expression would need both). Lists only (no `..` ranges), which systemd 219
 * (Amazon Linux 2) reads too; the time-zone suffix needs systemd 236 or later. Pure.
 *
 * @example
 * ```ts
 * onCalendar(parseSchedule("0 3 * * 1-5"), "Asia/Tokyo"); // ["Mon,Tue,Wed,Thu,Fri *-*-* 03:00:00 Asia/Tokyo"]
 * ```
 */
export function onCalendar(s: CronSchedule, tz: string): string[] {
  const v = s.values;
  const list = (values: number[], wildcard: boolean, pad = 2) =>
    wildcard ? "*" : values.map((n) => String(n).padStart(pad, "0")).join(",");
  const time = `${list(v.hour, s.wildcard.hour)}:${list(v.minute, s.wildcard.minute)}:00`;
  const month = list(v.month, s.wildcard.month);
  const dom = list(v["day-of-month"], s.wildcard["day-of-month"]);
  const dow = v["day-of-week"].map((d) => DOW[d]).join(",");
  const zone = tz === "UTC" || tz === "Etc/UTC" ? "UTC" : tz;
  const domWild = s.wildcard["day-of-month"];
  const dowWild = s.wildcard["day-of-week"];
  if (!domWild && !dowWild) {
    return [`*-${month}-${dom} ${time} ${zone}`, `${dow} *-${month}-* ${time} ${zone}`];
  }
  return [`${dowWild ? "" : `${dow} `}*-${month}-${dom} ${time} ${zone}`];
}

/** The two unit files of an entry. */
export interface TimerUnits {
  service: string;
  timer: string;
}

/**
 * Renders `hostmend-NAME.service` (oneshot, in the install dir, under flock, journal tag `hostmend`, exit 75
 * "busy" counted as success) and `hostmend-NAME.timer`. Pure.
 *
 * @example
 * ```ts
 * const { service, timer } = renderTimerUnits(entry, parseSchedule(entry.schedule), 300);
 * ```
 */
export function renderTimerUnits(entry: ScheduleEntry, schedule: CronSchedule, randomDelaySec: number): TimerUnits {
  const mark = `${UNIT_MARK}${JSON.stringify(entry)}`;
  const argv = taskArgv(entry);
  argv[0] = "/usr/bin/flock";
  const service = [
    mark,
    "[Unit]",
    `Description=hostmend: deno task ${escapeUnit(entry.task)} (entry ${entry.name})`,
    "",
    "[Service]",
    "Type=oneshot",
    `WorkingDirectory=${entry.installDir}`,
    `ExecStart=${argv.map(quoteUnitArg).join(" ")}`,
    "SyslogIdentifier=hostmend",
    "SuccessExitStatus=75",
    "",
  ].join("\n");
  const timer = [
    mark,
    "[Unit]",
    `Description=hostmend schedule of ${entry.name}: ${schedule.source} (${entry.tz})`,
    "",
    "[Timer]",
    ...onCalendar(schedule, entry.tz).map((c) => `OnCalendar=${c}`),
    "Persistent=true",
    `RandomizedDelaySec=${randomDelaySec}`,
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
  return { service, timer };
}

function escapeUnit(text: string): string {
  return text.replaceAll("%", "%%").replaceAll("$", "$$$$");
}

function quoteUnitArg(arg: string): string {
  const escaped = escapeUnit(arg);
  if (/^[\w@+=:,./-]+$/.test(arg)) return escaped;
  return `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
