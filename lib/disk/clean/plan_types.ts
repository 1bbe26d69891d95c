// The plan of a disk-clean as plain data: the dry run prints it, the real run executes exactly it.

import type { VacuumLimits } from "../../journal/plan_vacuum.ts";

/** The cleanup targets, by the name used in --with, --only and the config file. */
export const TARGET_NAMES = [
  "journal",
  "package-cache",
  "core-dumps",
  "rotated-logs",
  "tmp",
  "old-kernels",
  "docker",
] as const;

/** A target's name. */
export type TargetName = typeof TARGET_NAMES[number];

/** The targets run unless the config or --only says otherwise. */
export const DEFAULT_TARGETS: TargetName[] = ["journal", "package-cache", "core-dumps"];

/** Delete one regular file, if it is still the same file (dev, ino) as when planned. */
export interface DeleteFileAction {
  type: "delete";
  path: string;
  bytes: number;
  dev: number;
  ino: number;
  /** ctime in µs: an inode number can be reused by a new file, its change time cannot. */
  ctimeUs: string;
}

/** Run a command (apt-get clean, docker system prune…) and measure `measure` before and after. */
export interface CommandAction {
  type: "command";
  argv: string[];
  /** Directories whose allocated bytes are measured before and after (empty: df only). */
  measure: string[];
  expectedBytes: number;
}

/** Vacuum the journal with journalctl; `files` is the exact prediction. */
export interface JournalAction {
  type: "journal";
  directory?: string;
  limits: VacuumLimits;
  argv: string[];
  files: string[];
  expectedBytes: number;
}

/** One step of a target's plan. */
export type CleanAction = DeleteFileAction | CommandAction | JournalAction;

/** A file a target leaves alone, and why. */
export interface SkippedFile {
  path: string;
  reason: "symlink" | "hard-linked" | "open" | "other-filesystem" | "not-a-regular-file";
  /** For "open": who holds it. */
  holder?: { pid: number; command: string };
}

/** What one target will do. */
export interface TargetPlan {
  name: TargetName;
  title: string;
  /** The directories it may touch (nothing outside them is ever deleted). */
  roots: string[];
  actions: CleanAction[];
  expectedBytes: number;
  skipped: SkippedFile[];
  /** Why it does nothing, when it cannot run here (no docker, no dpkg…). */
  unavailable?: string;
  notes: string[];
}

/** The whole plan. */
export interface CleanPlan {
  targets: TargetPlan[];
  expectedBytes: number;
}

/** What planning and applying need from the host; the real one is built in scripts/disk_clean.ts. */
export interface CleanContext {
  nowMs: number;
  /** Files held open by processes ("dev:ino" → holder). */
  open: Map<string, { pid: number; command: string }>;
  journalctl: import("../../journal/journalctl.ts").Journalctl;
  os: import("../../host/os_release.ts").OsRelease;
  which(program: string): Promise<string | undefined>;
  run(
    argv: string[],
    options?: import("../../host/run_command.ts").RunOptions,
  ): Promise<import("../../host/run_command.ts").CommandResult>;
  /** `uname -r` of the running kernel. */
  kernelRelease: string;
}
