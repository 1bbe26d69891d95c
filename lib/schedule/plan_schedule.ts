// Planning `cron install | remove | list` as plain data: which files get which content, what each entry's next
// runs are, and what to warn about. The script applies the plan; nothing here touches the host.

import { type CronLine, parseCronFile, renderCronFile } from "./cron_file.ts";
import type { CronDaemon } from "./cron_daemon.ts";
import type { ScheduleEntry } from "./job_command.ts";
import { dstNotes, nextRuns, type ScheduledRun } from "./next_runs.ts";
import { parseSchedule } from "./parse_schedule.ts";
import { shiftSchedule } from "./shift_schedule.ts";
import { renderTimerUnits, UNIT_MARK } from "./systemd_timer.ts";

/** Where entries live: one cron.d file, or unit files in a systemd directory. */
export type ScheduleTarget = { kind: "cron"; path: string } | { kind: "systemd"; dir: string };

/** Facts about the host the plan depends on. */
export interface ScheduleHost {
  daemon: CronDaemon;
  systemTz: string;
  now: Date;
  /** Seconds for RandomizedDelaySec= of timers. */
  randomDelaySec: number;
  /** Current text of every relevant file (cron file; hostmend unit files), by path. */
  files: Map<string, string>;
}

/** One file to write (`content`) or remove (`content: null`). */
export interface FileChange {
  path: string;
  content: string | null;
  changed: boolean;
}

/** An entry with its next runs, for the report. */
export interface EntryReport {
  name: string;
  task: string;
  args: string[];
  schedule: string;
  tz: string;
  /** The five fields as the daemon reads them (converted to the system zone when the daemon has no CRON_TZ). */
  written: string;
  /** OnCalendar= values (systemd only). */
  on_calendar?: string[];
  next_runs: ScheduledRun[];
  dst_notes: string[];
}

/** The plan of a cron action. */
export interface SchedulePlan {
  action: "install" | "remove" | "list";
  target: "cron" | "systemd";
  files: FileChange[];
  entries: EntryReport[];
  /** Names asked to remove that hostmend had not written. */
  missing: string[];
  warnings: string[];
}

/**
 * Plans installing (or replacing) `entry`. Throws `RangeError` for a schedule or zone that cannot be written.
 * Pure.
 *
 * @example
 * ```ts
 * const plan = planInstall(entry, { kind: "cron", path: "/etc/cron.d/hostmend" }, host);
 * ```
 */
export function planInstall(entry: ScheduleEntry, target: ScheduleTarget, host: ScheduleHost): SchedulePlan {
  const schedule = parseSchedule(entry.schedule);
  const warnings: string[] = [];
  if (target.kind === "cron") {
    const current = host.files.get(target.path);
    const parsed = parseCronFile(current);
    const others = parsed.entries.filter((e) => e.name !== entry.name);
    const lines = [...others, entry].map((e) => cronLine(e, host, e === entry ? warnings : []));
    const content = renderCronFile(lines, parsed.foreign);
    return {
      action: "install",
      target: "cron",
      files: [{ path: target.path, content, changed: content !== current }],
      entries: lines.filter((l) => l.entry === entry).map((l) => report(l.entry, l.written, host)),
      missing: [],
      warnings,
    };
  }
  const units = renderTimerUnits(entry, schedule, host.randomDelaySec);
  const base = `${target.dir}/hostmend-${entry.name}`;
  const files = [
    { path: `${base}.service`, content: units.service },
    { path: `${base}.timer`, content: units.timer },
  ].map((f) => ({ ...f, changed: host.files.get(f.path) !== f.content }));
  const r = report(entry, schedule.expression, host, "systemd");
  r.on_calendar = units.timer.split("\n").filter((l) => l.startsWith("OnCalendar=")).map((l) => l.slice(11));
  if (entry.tz !== "UTC" && entry.tz !== "Etc/UTC") {
    warnings.push(`OnCalendar= with a time zone (${entry.tz}) needs systemd 236 or later (Amazon Linux 2 has 219)`);
  }
  return { action: "install", target: "systemd", files, entries: [r], missing: [], warnings };
}

/**
 * Plans removing the named entries (all of hostmend's when `names` is empty); only what hostmend wrote. Pure.
 *
 * @example
 * ```ts
 * planRemove(["disk-clean"], { kind: "cron", path: "/etc/cron.d/hostmend" }, host);
 * ```
 */
export function planRemove(names: string[], target: ScheduleTarget, host: ScheduleHost): SchedulePlan {
  const existing = listEntries(target, host);
  const remove = names.length ? existing.filter((e) => names.includes(e.name)) : existing;
  const missing = names.filter((n) => !existing.some((e) => e.name === n));
  const files: FileChange[] = [];
  if (target.kind === "cron") {
    const current = host.files.get(target.path);
    const parsed = parseCronFile(current);
    const keep = parsed.entries.filter((e) => !remove.some((r) => r.name === e.name));
    const content = renderCronFile(keep.map((e) => cronLine(e, host, [])), parsed.foreign);
    if (current !== undefined) files.push({ path: target.path, content, changed: content !== current });
  } else {
    for (const e of remove) {
      for (const ext of ["timer", "service"]) {
        const path = `${target.dir}/hostmend-${e.name}.${ext}`;
        if (host.files.has(path)) files.push({ path, content: null, changed: true });
      }
    }
  }
  return {
    action: "remove",
    target: target.kind,
    files,
    entries: remove.map((e) => reportOf(e, target, host)),
    missing,
    warnings: [],
  };
}

/**
 * Plans nothing: lists hostmend's entries at `target` with their next runs. Pure.
 *
 * @example
 * ```ts
 * planList({ kind: "cron", path: "/etc/cron.d/hostmend" }, host).entries;
 * ```
 */
export function planList(target: ScheduleTarget, host: ScheduleHost): SchedulePlan {
  return {
    action: "list",
    target: target.kind,
    files: [],
    entries: listEntries(target, host).map((e) => reportOf(e, target, host)),
    missing: [],
    warnings: [],
  };
}

function listEntries(target: ScheduleTarget, host: ScheduleHost): ScheduleEntry[] {
  if (target.kind === "cron") return parseCronFile(host.files.get(target.path)).entries;
  const entries = new Map<string, ScheduleEntry>();
  for (const [path, text] of host.files) {
    if (!path.startsWith(`${target.dir}/hostmend-`) || !path.endsWith(".timer")) continue;
    const first = text.split("\n")[0] ?? "";
    if (!first.startsWith(UNIT_MARK)) continue;
    try {
      const e = JSON.parse(first.slice(UNIT_MARK.length)) as ScheduleEntry;
      entries.set(e.name, e);
    } catch {
      // not ours
    }
  }
  return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function reportOf(e: ScheduleEntry, target: ScheduleTarget, host: ScheduleHost): EntryReport {
  if (target.kind === "systemd") return report(e, parseSchedule(e.schedule).expression, host, "systemd");
  const found = parseCronFile(host.files.get(target.path)).written.get(e.name);
  return report(e, found ?? parseSchedule(e.schedule).expression, host);
}

function cronLine(entry: ScheduleEntry, host: ScheduleHost, warnings: string[]): CronLine {
  const schedule = parseSchedule(entry.schedule);
  if (host.daemon.cronTz) return { entry, written: schedule.expression, cronTz: true, notes: [] };
  const shifted = shiftSchedule(schedule, entry.tz, host.systemTz, host.now);
  const notes: string[] = [];
  if (entry.tz !== host.systemTz) {
    notes.push(
      `"${schedule.source}" in ${entry.tz}, written in the system time zone ${host.systemTz} (no CRON_TZ here)`,
    );
  }
  if (shifted.warning) {
    notes.push(`WARNING: ${shifted.warning}`);
    warnings.push(shifted.warning);
  }
  return { entry, written: shifted.schedule.expression, cronTz: false, notes };
}

function report(
  e: ScheduleEntry,
  written: string,
  host: ScheduleHost,
  runner: "cron" | "systemd" = "cron",
): EntryReport {
  const schedule = parseSchedule(e.schedule);
  return {
    name: e.name,
    task: e.task,
    args: e.args,
    schedule: schedule.source,
    tz: e.tz,
    written,
    next_runs: nextRuns(schedule, e.tz, 5, host.now, runner),
    dst_notes: dstNotes(schedule, e.tz, host.now, runner).map((n) => n.text),
  };
}
