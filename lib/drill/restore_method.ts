// How a drill's undo is arranged so it survives the SSH session dying: a transient systemd timer or a detached
// process, by --restore-via or chosen for this host.

import { UsageError } from "../cli/errors.ts";
import { chooseDeferred, type DeferredMethod } from "./deferred_command.ts";

/**
 * The restore method for `choice` (`auto`, `setsid` or `systemd-run`): auto looks at whether systemd runs and
 * whether this is the host's own network namespace. A bad choice throws `UsageError`. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const method = await restoreMethod("auto"); // { kind: "systemd-run", reason: "…" }
 * ```
 */
export async function restoreMethod(choice: string): Promise<DeferredMethod> {
  const systemdRunning = await Deno.stat("/run/systemd/system").then((s) => s.isDirectory, () => false);
  let inInitNetns = true;
  try {
    inInitNetns = (await Deno.readLink("/proc/self/ns/net")) === (await Deno.readLink("/proc/1/ns/net"));
  } catch {
    // unreadable: assume the usual case
  }
  const auto = chooseDeferred({ systemdRunning, inInitNetns });
  if (choice === "auto") return auto;
  if (choice === "setsid") return { kind: "setsid", reason: "--restore-via setsid: a detached process" };
  if (choice === "systemd-run") {
    if (!systemdRunning) throw new UsageError("--restore-via systemd-run needs a running systemd: use setsid or auto");
    return { kind: "systemd-run", reason: "--restore-via systemd-run: a transient timer" };
  }
  throw new UsageError(`Invalid --restore-via "${choice}": use systemd-run, setsid or auto`);
}
