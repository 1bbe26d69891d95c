// The interface a drill takes down: a real interface name, not loopback, present here and up.

import { ActionError, UsageError } from "../cli/errors.ts";
import { runCommand } from "../host/run_command.ts";

/**
 * Checks that `ip` shows the interface `name` and that it is up; throws `UsageError` (no such interface) or
 * `ActionError` (already down). Check the name first with {@linkcode checkInterfaceName}. Needs `--allow-run=ip`.
 *
 * @example
 * ```ts
 * await checkInterface("eth0", "/usr/sbin/ip");
 * ```
 */
export async function checkInterface(name: string, ip: string): Promise<void> {
  const show = await runCommand([ip, "-j", "link", "show", "dev", name], { noThrow: true });
  if (!show.success) throw new UsageError(`No interface "${name}" here: see ip link`);
  const flags: string[] = JSON.parse(show.stdout)[0]?.flags ?? [];
  if (!flags.includes("UP")) {
    throw new ActionError(`${name} is already down: bring it up first (ip link set dev ${name} up)`);
  }
}

/**
 * Checks that `name` can be an interface name and is not `lo`; throws `UsageError` otherwise. Pure.
 *
 * @example
 * ```ts
 * checkInterfaceName("eth0");
 * ```
 */
export function checkInterfaceName(name: string): void {
  if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(name)) {
    throw new UsageError(`Invalid --interface "${name}": not an interface name`);
  }
  if (name === "lo") throw new UsageError("Refusing --interface lo: the drill is for a network interface, like eth0");
}
