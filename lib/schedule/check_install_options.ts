// The checks of `cron install` options that plain parsing cannot do: the task exists in hostmend's deno.json,
// the entry name and MAILTO are safe to write into a cron file.

import { UsageError } from "../cli/errors.ts";

/** Tasks that are not meant to be scheduled. */
const NOT_SCHEDULED = ["cron", "test", "lint"];

/**
 * Checks that `task` is a task of the deno.json in `installDir` (and not cron, test or lint); throws
 * `UsageError` listing the tasks otherwise. Needs `--allow-read` of `installDir`.
 *
 * @example
 * ```ts
 * await checkTask("disk-clean", "/opt/hostmend");
 * ```
 */
export async function checkTask(task: string, installDir: string): Promise<void> {
  let tasks: Record<string, unknown>;
  try {
    tasks = JSON.parse(await Deno.readTextFile(`${installDir}/deno.json`)).tasks ?? {};
  } catch {
    throw new UsageError(`No hostmend deno.json in ${installDir}: give --install-dir, the directory hostmend is in`);
  }
  if (NOT_SCHEDULED.includes(task) || !(task in tasks)) {
    const known = Object.keys(tasks).filter((t) => !NOT_SCHEDULED.includes(t));
    throw new UsageError(`Unknown --task "${task}": use one of ${known.join(", ")}`);
  }
}

/**
 * Checks an entry name (lower-case letters, digits and -); throws `UsageError` otherwise. Pure.
 *
 * @example
 * ```ts
 * checkEntryName("disk-clean"); // "disk-clean"
 * ```
 */
export function checkEntryName(name: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UsageError(`Invalid --name "${name}": use lower-case letters, digits and -`);
  }
  return name;
}

/**
 * Checks a MAILTO value: no spaces, quotes, `$` or backslashes; throws `UsageError` otherwise. Pure.
 *
 * @example
 * ```ts
 * checkMailto("ops@example.com"); // "ops@example.com"
 * ```
 */
export function checkMailto(value: string): string {
  if (/[\s"'`$\\]/.test(value)) {
    throw new UsageError(`Invalid --mailto "${value}": give one address (or a comma-separated list without spaces)`);
  }
  return value;
}
