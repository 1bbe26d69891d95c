// journald: vacuum planning and the real vacuum, the journalctl adapter, journald.conf drop-ins.
export * from "./atime_refreshed.ts";
export * from "./file_times.ts";
export * from "./journal_directories.ts";
export * from "./journal_name.ts";
export * from "./journalctl.ts";
export * from "./journald_dropin.ts";
export * from "./plan_vacuum.ts";
export * from "./probe_vacuum.ts";
export * from "./scan_journal_directory.ts";
export * from "./vacuum_journal.ts";
