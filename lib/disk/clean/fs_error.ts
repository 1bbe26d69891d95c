// Failures of the filesystem being cleaned (read-only, full) as the operator's next step, not a stack trace.

import { ActionError } from "../../cli/errors.ts";

/**
 * Rethrows a read-only or full filesystem error on `path` as a one-line `ActionError` (exit 2); other errors
 * unchanged.
 *
 * @example
 * ```ts
 * await applyClean(plan, context, signal).catch((e) => rethrowFsError(e, policy.path));
 * ```
 */
export function rethrowFsError(error: unknown, path: string): never {
  const text = error instanceof Error ? error.message : String(error);
  if (/read-only file system|os error 30\b/i.test(text)) {
    throw new ActionError(`cannot write ${path}: the filesystem is read-only: remount it read-write, or check dmesg`);
  }
  if (/no space left on device|os error 28\b/i.test(text)) {
    throw new ActionError(
      `cannot write ${path}: no space left on device: free space by hand, or point "lock" elsewhere`,
    );
  }
  throw error;
}
