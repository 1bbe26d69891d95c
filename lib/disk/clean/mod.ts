// disk-clean: cleanup targets, their plan, and applying it safely.
export * from "./apply_clean.ts";
export * from "./apply_clean_flags.ts";
export * from "./clean_policy.ts";
export * from "./clean_report.ts";
export * from "./directory_usage.ts";
export * from "./docker_target.ts";
export * from "./file_targets.ts";
export * from "./fs_error.ts";
export * from "./journal_target.ts";
export * from "./old_kernels_target.ts";
export * from "./open_files.ts";
export * from "./package_cache_target.ts";
export * from "./plan_clean.ts";
export * from "./plan_file_deletions.ts";
export * from "./plan_types.ts";
