// The one place where errors become exit codes and one-line messages, and signals become a clean stop.

import { ActionError, UsageError } from "./errors.ts";
import { EXIT } from "./exit_codes.ts";

/** What a task's main function gets: an abort signal raised by the first SIGINT/SIGTERM. */
export interface MainContext {
  signal: AbortSignal;
}

/**
 * Runs a task's main function and exits with its code. `UsageError` → 64, `ActionError` → its code,
 * anything else → 70 with a one-line message (the stack only with `HOSTMEND_DEBUG=1`).
 * The first SIGINT/SIGTERM aborts `ctx.signal` so the task stops at a safe point; a second one exits 130.
 *
 * @example
 * ```ts
 * if (import.meta.main) runMain("disk-audit", (ctx) => main(Deno.args, ctx));
 * ```
 */
export async function runMain(task: string, main: (ctx: MainContext) => Promise<number | void>): Promise<never> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) Deno.exit(EXIT.interrupted);
    controller.abort(new ActionError(`${task} was interrupted`, { exitCode: EXIT.interrupted }));
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  let code: number;
  try {
    code = (await main({ signal: controller.signal })) ?? EXIT.ok;
  } catch (error) {
    code = reportError(task, error);
  }
  for (const s of signals) Deno.removeSignalListener(s, onSignal);
  Deno.exit(code);
}

/**
 * Prints `error` as one line on stderr and returns its exit code.
 *
 * @example
 * ```ts
 * const code = reportError("disk-clean", new UsageError("Unknown option"));
 * ```
 */
export function reportError(task: string, error: unknown): number {
  if (error instanceof UsageError || error instanceof ActionError) {
    // A message that already starts with the task's name ("disk-clean needs root …") is not prefixed again.
    console.error(error.message.startsWith(`${task} `) ? error.message : `${task}: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    console.error(`${task}: ${firstLine(error)}: run it with sudo, or see --help`);
    return EXIT.critical;
  }
  const message = error instanceof Error ? firstLine(error) : String(error);
  console.error(`${task}: internal error: ${message} (set HOSTMEND_DEBUG=1 for details, and report it)`);
  if (Deno.env.get("HOSTMEND_DEBUG") === "1" && error instanceof Error) console.error(error.stack);
  return EXIT.internal;
}

function firstLine(error: Error): string {
  return error.message.split("\n")[0] ?? error.name;
}
