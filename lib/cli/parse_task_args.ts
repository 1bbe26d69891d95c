// Argument parsing for every task: node:util parseArgs (jsr:@std/cli is unreachable here) plus
// generated --help, the shared --help/--json flags, and one-line usage errors.

import { parseArgs } from "node:util";
import { UsageError } from "./errors.ts";
import { EXIT } from "./exit_codes.ts";

/** One option of a task. */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[];
  /** Placeholder shown in help for a string option, e.g. `SIZE`. */
  value?: string;
  /** The value may itself start with a dash (`--args "--if-above 80%"`): the next word is always its value. */
  dashValue?: boolean;
  description: string;
}

/** What a task is and takes: the source of its --help and of parsing. */
export interface TaskSpec {
  /** Task name as typed after `deno task`, e.g. `disk-audit`. */
  name: string;
  summary: string;
  /** What follows the options in the usage line, e.g. `[PATH]`. */
  usage?: string;
  description?: string;
  options: Record<string, OptionSpec>;
  examples?: string[];
  /** Limits on positional arguments (default: none allowed). */
  positionals?: { min?: number; max?: number; name?: string };
}

type ValueOf<O extends OptionSpec> = O["type"] extends "boolean"
  ? (O["multiple"] extends true ? boolean[] : boolean | undefined)
  : (O["multiple"] extends true ? string[] | undefined : string | undefined);

/** Parsed values: one key per option, plus `help` and `json`. */
export type TaskValues<S extends TaskSpec> =
  & { [K in keyof S["options"]]: ValueOf<S["options"][K]> }
  & { help: boolean; json: boolean };

/** The result of {@linkcode parseTaskArgs}. */
export interface ParsedTask<S extends TaskSpec> {
  values: TaskValues<S>;
  positionals: string[];
}

const COMMON: Record<string, OptionSpec> = {
  json: { type: "boolean", description: "print one JSON object (stable fields, exact bytes) instead of the report" },
  help: { type: "boolean", short: "h", description: "show this help and exit" },
};

/**
 * Parses `argv` for the task `spec`. Unknown flags, missing values and wrong positional counts throw
 * {@linkcode UsageError} (exit 64). `--help` is returned as `values.help`; print {@linkcode formatHelp} then.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseTaskArgs(spec, Deno.args);
 * ```
 */
export function parseTaskArgs<const S extends TaskSpec>(spec: S, argv: string[]): ParsedTask<S> {
  const all = { ...spec.options, ...COMMON };
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(all)) {
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashValues(argv, all), options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, spec.name), { cause: error });
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) return { values: { ...values, help: true, json: false } as TaskValues<S>, positionals: [] };
  for (const [name, o] of Object.entries(all)) {
    if (values[name] === undefined && o.default !== undefined) values[name] = o.default;
  }
  values.help = false;
  values.json = Boolean(values.json);
  const min = spec.positionals?.min ?? 0;
  const max = spec.positionals?.max ?? 0;
  const count = parsed.positionals.length;
  if (count > max) {
    const extra = parsed.positionals[max];
    throw new UsageError(
      max === 0
        ? `Unexpected argument "${extra}": ${spec.name} takes options only, see --help`
        : `Too many arguments at "${extra}": ${spec.name} takes at most ${max} ${
          spec.positionals?.name ?? "argument"
        }(s)`,
    );
  }
  if (count < min) {
    throw new UsageError(`Missing ${spec.positionals?.name ?? "argument"}: usage is ${usageLine(spec)}`);
  }
  return { values: values as TaskValues<S>, positionals: parsed.positionals };
}

// parseArgs takes "--args --if-above" for two options; for a dashValue option the next word is its value, and so
// is a negative number after any string option ("--depth -1"), for the option's own check to refuse.
function joinDashValues(argv: string[], all: Record<string, OptionSpec>): string[] {
  const dashValued = new Set<string>();
  const valued = new Set<string>();
  for (const [name, o] of Object.entries(all)) {
    if (o.type !== "string") continue;
    for (const flag of [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]) {
      (o.dashValue ? dashValued : valued).add(flag);
    }
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const joins = next !== undefined && (dashValued.has(arg) || (valued.has(arg) && /^-\d/.test(next)));
    if (joins) {
      out.push(`${arg.startsWith("--") ? arg : `--${longName(arg, all)}`}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function longName(short: string, all: Record<string, OptionSpec>): string {
  return Object.entries(all).find(([, o]) => `-${o.short}` === short)?.[0] ?? short;
}

function describeParseError(error: unknown, task: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const quoted = /'(-[^']*)'/.exec(message)?.[1] ?? "";
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `Unknown option "${flag}": see deno task ${task} --help`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (/argument missing/.test(message)) return `Option "${flag}" needs a value: see --help`;
    if (/ambiguous/.test(message)) {
      return `Option "${flag}" got a value that starts with "-": write it as ${flag}=VALUE, or see --help`;
    }
    return `Option "${flag}" takes no value: see --help`;
  }
  return `${message.split(". ")[0]}: see --help`;
}

function usageLine(spec: TaskSpec): string {
  return `deno task ${spec.name} [options]${spec.usage ? ` ${spec.usage}` : ""}`;
}

/**
 * The --help text of a task, generated from its spec.
 *
 * @example
 * ```ts
 * console.log(formatHelp(spec));
 * ```
 */
export function formatHelp(spec: TaskSpec): string {
  const rows = Object.entries({ ...spec.options, ...COMMON }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    const extra = [
      o.multiple ? "repeatable" : "",
      o.default !== undefined && o.default !== false ? `default: ${o.default}` : "",
    ].filter(Boolean).join("; ");
    return [flag, extra ? `${o.description} (${extra})` : o.description] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const lines = [
    `${spec.name}: ${spec.summary}`,
    "",
    `Usage: ${usageLine(spec)}`,
    ...(spec.description ? ["", spec.description.trim()] : []),
    "",
    "Options:",
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`),
  ];
  if (spec.examples?.length) lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
  lines.push(
    "",
    "Exit codes: 0 ok, 1 warning, 2 critical or failed action, 64 usage, 70 internal, 75 busy, 130 interrupted",
  );
  return lines.join("\n");
}

/**
 * Prints the --help text of a task to stdout and returns {@linkcode EXIT.ok}, for `if (values.help) return ...`.
 *
 * @example
 * ```ts
 * if (values.help) return printHelp(spec);
 * ```
 */
export function printHelp(spec: TaskSpec): number {
  console.log(formatHelp(spec));
  return EXIT.ok;
}

/**
 * Parses a string option with `parse`, turning its `RangeError`/`TypeError` into a {@linkcode UsageError}
 * that names the flag.
 *
 * @example
 * ```ts
 * const depth = optionValue("--depth", values.depth, parseCount);
 * ```
 */
export function optionValue<T>(flag: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new UsageError(`Invalid ${flag}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Parses a whole number from `min` upward; for counts such as --depth and --top. Throws `RangeError`.
 *
 * @example
 * ```ts
 * parseCount("3"); // 3
 * ```
 */
export function parseCount(text: string, min = 0): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min) {
    throw new RangeError(`"${text}" is not a whole number from ${min}`);
  }
  return Number(text);
}
