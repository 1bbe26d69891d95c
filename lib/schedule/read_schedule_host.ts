// The facts `cron` plans against, read from this host: which cron daemon (and whether it has CRON_TZ), the system
// time zone, and hostmend's files already in the target.

import { UsageError } from "../cli/errors.ts";
import { optionValue } from "../cli/parse_task_args.ts";
import { readTextIfExists } from "../host/atomic_write.ts";
import { readOsRelease } from "../host/os_release.ts";
import { which } from "../host/run_command.ts";
import { type CronDaemon, detectCronDaemon } from "./cron_daemon.ts";
import type { ScheduleHost } from "./plan_schedule.ts";
import { scheduleTarget, type WhereValues } from "./schedule_target.ts";
import { checkTimeZone, systemTimeZone } from "./time_zone.ts";

/**
 * Reads the schedule host facts for the location options: --daemon (cronie, debian, or auto from os-release),
 * --system-tz (or the detected zone), and the current cron file or hostmend-*.service/.timer units. A bad
 * --daemon or --system-tz throws `UsageError`. Needs `--allow-read` and `--allow-env=PATH,TZ`.
 *
 * @example
 * ```ts
 * const host = await readScheduleHost(values);
 * const plan = planList(scheduleTarget(values), host);
 * ```
 */
export async function readScheduleHost(values: WhereValues): Promise<ScheduleHost> {
  const kind = values.daemon ?? "auto";
  let daemon: CronDaemon;
  if (kind === "cronie") daemon = { kind: "cronie", cronTz: true, reason: "--daemon cronie: CRON_TZ is honoured" };
  else if (kind === "debian") daemon = { kind: "debian", cronTz: false, reason: "--daemon debian: no CRON_TZ" };
  else if (kind === "auto") {
    daemon = await detectCronDaemon(await readOsRelease(), async (p) => (await which(p)) !== undefined);
  } else throw new UsageError(`Invalid --daemon "${kind}": use cronie, debian or auto`);
  const systemTz = values["system-tz"]
    ? optionValue("--system-tz", values["system-tz"], checkTimeZone)
    : await systemTimeZone();
  const files = new Map<string, string>();
  const target = scheduleTarget(values);
  if (target.kind === "cron") {
    const text = await readTextIfExists(target.path);
    if (text !== undefined) files.set(target.path, text);
  } else {
    try {
      for await (const e of Deno.readDir(target.dir)) {
        if (!/^hostmend-[a-z0-9-]+\.(service|timer)$/.test(e.name)) continue;
        files.set(`${target.dir}/${e.name}`, await Deno.readTextFile(`${target.dir}/${e.name}`));
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return { daemon, systemTz, now: new Date(), randomDelaySec: 0, files };
}
