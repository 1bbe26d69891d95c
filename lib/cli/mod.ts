// The CLI foundation every script uses: parsing, help, errors and exit codes, output.
export * from "./errors.ts";
export * from "./exit_codes.ts";
export * from "./output.ts";
export * from "./parse_duration.ts";
export * from "./parse_size.ts";
export * from "./parse_task_args.ts";
export * from "./run_main.ts";
