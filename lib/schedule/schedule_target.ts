// Where hostmend's schedule lives, from the options every `cron` subcommand shares: the cron file
// `<cron-dir>/hostmend`, or the units in --unit-dir with --systemd.

import type { ScheduleTarget } from "./plan_schedule.ts";

/** The location options shared by `cron install`, `list` and `remove`. */
export interface WhereValues {
  "cron-dir": string | undefined;
  "unit-dir": string | undefined;
  systemd: boolean | undefined;
  daemon: string | undefined;
  "system-tz": string | undefined;
}

/**
 * The schedule's location: the systemd unit directory, or the cron file `hostmend` in the cron directory
 * (trailing slashes dropped). Pure.
 *
 * @example
 * ```ts
 * scheduleTarget({ "cron-dir": "/etc/cron.d/", ... }); // { kind: "cron", path: "/etc/cron.d/hostmend" }
 * ```
 */
export function scheduleTarget(values: WhereValues): ScheduleTarget {
  return values.systemd
    ? { kind: "systemd", dir: trimSlash(values["unit-dir"]!) }
    : { kind: "cron", path: `${trimSlash(values["cron-dir"]!)}/hostmend` };
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
