// Carries out a schedule plan: writes or removes exactly the changed files, and enables, disables and reloads
// systemd timers where systemd runs (elsewhere it says what to run).

import { writeFileAtomic } from "../host/atomic_write.ts";
import { requireRoot } from "../host/privileges.ts";
import { runCommand } from "../host/run_command.ts";
import type { FileChange, SchedulePlan } from "./plan_schedule.ts";

/** What {@linkcode applySchedule} did, or with `dryRun` would do. */
export interface ScheduleApplied {
  /** The files whose content changes. */
  changes: FileChange[];
  /** The systemctl commands for the timers (run unless `dryRun` or systemd is not running). */
  commands: string[][];
  notes: string[];
}

/**
 * Applies `plan`: with `dryRun` nothing changes and only the commands are worked out. Writing the default
 * directories (`defaults`) needs root. Needs `--allow-read`, `--allow-write` and `--allow-run=systemctl`.
 *
 * @example
 * ```ts
 * const { changes, commands, notes } = await applySchedule(plan, { dryRun: false, defaults: true });
 * ```
 */
export async function applySchedule(
  plan: SchedulePlan,
  options: { dryRun: boolean; defaults: boolean },
): Promise<ScheduleApplied> {
  const changes = plan.files.filter((f) => f.changed);
  const systemdUp = plan.target === "systemd" && await isSystemdRunning();
  const commands: string[][] = [];
  if (plan.target === "systemd" && changes.length) {
    const timers = plan.entries.map((e) => `hostmend-${e.name}.timer`);
    if (plan.action === "remove") commands.push(["systemctl", "disable", "--now", ...timers]);
    commands.push(["systemctl", "daemon-reload"]);
    if (plan.action === "install") commands.push(["systemctl", "enable", "--now", ...timers]);
  }
  const notes: string[] = [];
  if (!options.dryRun && changes.length) {
    if (options.defaults) requireRoot("cron", "write /etc/cron.d or /etc/systemd/system");
    if (systemdUp && plan.action === "remove") await runCommand(commands[0]!);
    for (const f of changes) {
      if (f.content === null) await Deno.remove(f.path).catch(ignoreNotFound);
      else {
        await Deno.mkdir(f.path.slice(0, f.path.lastIndexOf("/")), { recursive: true });
        await writeFileAtomic(f.path, f.content, { mode: 0o644 });
        const info = await Deno.stat(f.path);
        if (info.uid !== 0) notes.push(`${f.path} is not owned by root: cron daemons ignore such a file`);
      }
    }
    if (systemdUp) {
      for (const c of commands.slice(plan.action === "remove" ? 1 : 0)) await runCommand(c);
    } else if (commands.length) {
      notes.push(`systemd is not running here: run ${commands.map((c) => c.join(" ")).join(" && ")} where it is`);
    }
  }
  return { changes, commands, notes };
}

async function isSystemdRunning(): Promise<boolean> {
  try {
    return (await Deno.stat("/run/systemd/system")).isDirectory;
  } catch {
    return false;
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}
