// The command a scheduled entry runs: from the install dir, never overlapping, output to syslog/journal.

import { formatArgv } from "../host/run_command.ts";

/** A scheduled run of one hostmend task. */
export interface ScheduleEntry {
  /** Entry name (default: the task), used for markers, the lock and unit names. */
  name: string;
  task: string;
  args: string[];
  /** The five-field schedule as given, meant in `tz`. */
  schedule: string;
  /** IANA time zone of `schedule`. */
  tz: string;
  /** `MAILTO` for a cron entry ("" = no mail; output goes to syslog anyway). */
  mailto: string;
  /** Directory holding hostmend's deno.json, e.g. /opt/hostmend. */
  installDir: string;
  /** Absolute path of the deno binary. */
  deno: string;
}

/**
 * The lock file that keeps runs of one entry from overlapping. Pure. It is not the task's own lock
 * (`/run/lock/hostmend-disk-clean.lock`, which the task takes itself): on one file the task would find its own
 * wrapper holding it.
 *
 * @example
 * ```ts
 * lockPath("disk-clean"); // "/run/lock/hostmend-cron-disk-clean.lock"
 * ```
 */
export function lockPath(name: string): string {
  return `/run/lock/hostmend-cron-${name}.lock`;
}

/**
 * The argv that runs the entry's task: `flock -n -E 75 LOCK deno task --quiet TASK ARGS…` (75 = busy). Pure.
 *
 * @example
 * ```ts
 * taskArgv(entry); // ["flock", "-n", "-E", "75", "/run/lock/hostmend-cron-disk-clean.lock", "/usr/bin/deno", "task", …]
 * ```
 */
export function taskArgv(entry: ScheduleEntry): string[] {
  return ["flock", "-n", "-E", "75", lockPath(entry.name), entry.deno, "task", "--quiet", entry.task, ...entry.args];
}

/**
 * The shell command of a cron line: cd to the install dir, run under flock, log the exit code, and send all output
 * to syslog/journal with tag `hostmend`. `%` is escaped, since cron turns a bare `%` into a newline. Pure.
 *
 * @example
 * ```ts
 * cronCommand(entry); // cd /opt/hostmend && { flock -n -E 75 … --if-above 80\%; echo "cron entry disk-clean exited with $?"; } 2>&1 | logger -t hostmend
 * ```
 */
export function cronCommand(entry: ScheduleEntry): string {
  const run = formatArgv(taskArgv(entry));
  const command =
    `cd ${formatArgv([entry.installDir])} && { ${run}; echo "cron entry ${entry.name} exited with $?"; } ` +
    `2>&1 | logger -t hostmend`;
  return command.replaceAll("%", "\\%");
}
