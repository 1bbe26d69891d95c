// /etc/cron.d/hostmend: one file, one marked block per entry, in the form cron daemons accept (user field,
// SHELL/PATH/MAILTO, trailing newline). Lines outside hostmend's blocks are kept as they are.

import type { ScheduleEntry } from "./job_command.ts";
import { cronCommand } from "./job_command.ts";

/** Where an entry's block starts: this prefix, then the entry as JSON. */
export const ENTRY_MARK = "# hostmend-entry ";
/** Where an entry's block ends: this prefix, then its name. */
export const END_MARK = "# hostmend-end ";

const HEADER = [
  "# Written by hostmend (deno task cron). Change it with `deno task cron install|remove`, not by hand:",
  "# blocks between hostmend-entry and hostmend-end are rewritten; other lines are kept.",
  "SHELL=/bin/sh",
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
];

/** An entry as it will be written: the schedule in the zone the daemon uses, and any comment to add. */
export interface CronLine {
  entry: ScheduleEntry;
  /** The five fields as written in the file. */
  written: string;
  /** Set `CRON_TZ=` (cronie) rather than converting. */
  cronTz: boolean;
  /** Comment lines explaining a conversion or warning (without the `# `). */
  notes: string[];
}

/** What a hostmend cron file holds. */
export interface CronFileContent {
  entries: ScheduleEntry[];
  /** Lines that are not hostmend's (kept verbatim). */
  foreign: string[];
  /** The five schedule fields of each entry's job line as found in the file, by entry name. */
  written: Map<string, string>;
}

/**
 * Renders the whole file for `lines` (sorted by name) plus the `foreign` lines, or `null` when nothing is left
 * (the file is then removed). Pure.
 *
 * @example
 * ```ts
 * renderCronFile([{ entry, written: "0 18 * * *", cronTz: false, notes: [] }], []);
 * ```
 */
export function renderCronFile(lines: CronLine[], foreign: string[]): string | null {
  const kept = foreign.filter((l) => l.trim() !== "");
  if (!lines.length && !kept.length) return null;
  const out = [...HEADER];
  for (const l of [...lines].sort((a, b) => a.entry.name.localeCompare(b.entry.name))) {
    out.push("", `${ENTRY_MARK}${JSON.stringify(l.entry)}`);
    for (const n of l.notes) out.push(`# ${n}`);
    out.push(`MAILTO=${l.entry.mailto === "" ? '""' : l.entry.mailto}`);
    if (l.cronTz) out.push(`CRON_TZ=${l.entry.tz}`);
    out.push(`${l.written} root ${cronCommand(l.entry)}`, `${END_MARK}${l.entry.name}`);
  }
  if (kept.length) out.push("", ...kept);
  return out.join("\n") + "\n";
}

/**
 * Reads hostmend's entries and the foreign lines back from a cron file's text. Pure.
 *
 * @example
 * ```ts
 * parseCronFile(await Deno.readTextFile("/etc/cron.d/hostmend")).entries.map((e) => e.name);
 * ```
 */
export function parseCronFile(text: string | undefined): CronFileContent {
  const entries: ScheduleEntry[] = [];
  const foreign: string[] = [];
  const written = new Map<string, string>();
  let inBlock = false;
  for (const line of (text ?? "").split("\n")) {
    if (line.startsWith(ENTRY_MARK)) {
      try {
        entries.push(JSON.parse(line.slice(ENTRY_MARK.length)) as ScheduleEntry);
        inBlock = true;
        continue;
      } catch {
        // not ours after all
      }
    }
    if (inBlock) {
      if (line.startsWith(END_MARK)) inBlock = false;
      else if (!line.startsWith("#") && !/^\w+=/.test(line) && line.trim()) {
        written.set(entries[entries.length - 1]!.name, line.trim().split(/\s+/).slice(0, 5).join(" "));
      }
      continue;
    }
    if (HEADER.includes(line)) continue;
    foreign.push(line);
  }
  return { entries, foreign, written };
}
