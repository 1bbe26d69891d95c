// Errors a task raises on purpose: each carries the exit code runMain() turns it into.

import { EXIT } from "./exit_codes.ts";

/**
 * The user asked for something we cannot do as asked (unknown flag, bad value). Exit 64.
 *
 * @example
 * ```ts
 * throw new UsageError(`Invalid --depth "-1": use a whole number from 0`);
 * ```
 */
export class UsageError extends Error {
  override name = "UsageError";
  readonly exitCode: number = EXIT.usage;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * An action could not be done (needs root, a command failed, a filesystem is read-only). Exit 2 by default;
 * the message is one line that says what failed, on what, and the next step.
 *
 * @example
 * ```ts
 * throw new ActionError("disk-clean needs root to vacuum the journal: run it with sudo, or add --dry-run");
 * ```
 */
export class ActionError extends Error {
  override name = "ActionError";
  readonly exitCode: number;
  constructor(message: string, options?: ErrorOptions & { exitCode?: number }) {
    super(message, options);
    this.exitCode = options?.exitCode ?? EXIT.critical;
  }
}

/** Another run holds the lock. Exit 75. */
export class BusyError extends ActionError {
  override name = "BusyError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, exitCode: EXIT.busy });
  }
}
