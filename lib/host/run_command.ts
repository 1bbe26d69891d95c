// Running a command: arguments are passed as an array (never a shell string), a non-zero exit is a
// value to inspect, and a failed command's error carries its exit code and the tail of its stderr.

import { ActionError } from "../cli/errors.ts";

/** The outcome of a finished command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  success: boolean;
}

/** Per-call options of {@linkcode runCommand}. */
export interface RunOptions {
  /** Return a failed result instead of throwing {@linkcode CommandError}. */
  noThrow?: boolean;
  env?: Record<string, string>;
  cwd?: string;
  stdin?: string;
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A command exited non-zero or could not start; carries the code and stderr tail. */
export class CommandError extends ActionError {
  override name = "CommandError";
  constructor(
    readonly argv: string[],
    readonly code: number,
    readonly stderrTail: string,
    options?: ErrorOptions,
  ) {
    super(
      `${formatArgv(argv)} failed with exit code ${code}${stderrTail ? `: ${stderrTail.split("\n").join(" | ")}` : ""}`,
      options,
    );
  }
}

/**
 * Runs `argv[0]` with the remaining arguments and collects its output. Needs `--allow-run` for the command.
 * Throws {@linkcode CommandError} on a non-zero exit unless `noThrow`; a missing program gives code 127.
 *
 * @example
 * ```ts
 * const r = await runCommand(["journalctl", "--disk-usage"], { noThrow: true });
 * if (r.success) console.log(r.stdout);
 * ```
 */
export async function runCommand(argv: string[], options: RunOptions = {}): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (!program) throw new TypeError("runCommand needs a program to run");
  const signals: AbortSignal[] = [];
  if (options.signal) signals.push(options.signal);
  if (options.timeoutMs) signals.push(AbortSignal.timeout(options.timeoutMs));
  let result: CommandResult;
  try {
    const child = new Deno.Command(program, {
      args,
      env: options.env,
      cwd: options.cwd,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      signal: signals.length ? AbortSignal.any(signals) : undefined,
    }).spawn();
    if (options.stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(options.stdin));
      await writer.close();
    }
    const out = await child.output();
    const decoder = new TextDecoder();
    result = {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
      success: out.success,
    };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    result = { code: 127, stdout: "", stderr: `${program}: command not found`, success: false };
  }
  if (!result.success && !options.noThrow) throw new CommandError(argv, result.code, tail(result.stderr));
  return result;
}

/**
 * The last `lines` non-empty lines of `text`.
 *
 * @example
 * ```ts
 * tail("a\nb\nc\n", 2); // "b\nc"
 * ```
 */
export function tail(text: string, lines = 5): string {
  return text.split("\n").filter((l) => l.trim()).slice(-lines).join("\n");
}

/**
 * Formats an argument vector as a shell would need it typed, quoting where necessary (for plans and messages).
 *
 * @example
 * ```ts
 * formatArgv(["yum", "install", "-y", "it's"]); // yum install -y 'it'\''s'
 * ```
 */
export function formatArgv(argv: string[]): string {
  return argv.map((a) => /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
}

/**
 * Whether `program` is on PATH (or is an executable path). Needs `--allow-read` and `--allow-env=PATH`.
 *
 * @example
 * ```ts
 * if (await which("dnf")) { ... }
 * ```
 */
export async function which(program: string): Promise<string | undefined> {
  const dirs = program.includes("/") ? [""] : (Deno.env.get("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(":");
  for (const dir of dirs) {
    const path = dir ? `${dir}/${program}` : program;
    try {
      const info = await Deno.stat(path);
      if (info.isFile && ((info.mode ?? 0) & 0o111)) return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
