// Whether we run as root, and the one-line refusal when we must.

import { ActionError } from "../cli/errors.ts";

/**
 * True when the effective user is root. `HOSTMEND_ASSUME_UID` overrides it (tests of the refusal path).
 *
 * @example
 * ```ts
 * if (!isRoot()) console.log("read-only mode");
 * ```
 */
export function isRoot(): boolean {
  const assumed = Deno.env.get("HOSTMEND_ASSUME_UID");
  if (assumed !== undefined && assumed !== "") return assumed === "0";
  return Deno.uid() === 0;
}

/**
 * Throws an {@linkcode ActionError} naming what needs root unless we are root.
 *
 * @example
 * ```ts
 * requireRoot("disk-clean", "vacuum the journal and clean the package cache");
 * ```
 */
export function requireRoot(task: string, what: string): void {
  if (!isRoot()) {
    throw new ActionError(`${task} needs root to ${what}: run it with sudo, or add --dry-run to see the plan`);
  }
}
