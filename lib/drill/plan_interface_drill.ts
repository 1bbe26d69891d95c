// The interface drill as data: arrange the restore first, then take the interface down — the way operators fail
// an instance status check (`ip link set eth0 down`) so that the reboot alarm can be seen to heal it.

import { deferredArgv, type DeferredMethod } from "./deferred_command.ts";

/** The plan of `simulate-failure --interface`. */
export interface InterfaceDrillPlan {
  interface: string;
  seconds: number;
  /** When the restore runs (ISO, UTC). */
  restore_at: string;
  method: DeferredMethod;
  /** Step 1: arranges `ip link set dev IF up` after `seconds`. */
  restore: string[];
  /** Step 2: takes the interface down. */
  down: string[];
  /** What will happen, in order, for people. */
  story: string[];
}

/**
 * Plans the drill for interface `name` (path of `ip` in `ip`). Pure.
 *
 * @example
 * ```ts
 * planInterfaceDrill("eth0", 120, "/usr/sbin/ip", chooseDeferred(facts), new Date());
 * ```
 */
export function planInterfaceDrill(
  name: string,
  seconds: number,
  ip: string,
  method: DeferredMethod,
  now: Date,
): InterfaceDrillPlan {
  const up = [ip, "link", "set", "dev", name, "up"];
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const restoreAt = new Date(now.getTime() + seconds * 1000);
  return {
    interface: name,
    seconds,
    restore_at: restoreAt.toISOString(),
    method,
    restore: deferredArgv(method, seconds, up, `hostmend-restore-${name}-${stamp}`.toLowerCase()),
    down: [ip, "link", "set", "dev", name, "down"],
    story: [
      `1. arrange the restore first (${method.kind}): "${up.join(" ")}" in ${seconds}s, at ${restoreAt.toISOString()}`,
      `   (${method.reason})`,
      `2. take ${name} down: every connection through it stops, including an SSH session over it`,
      `3. the instance status check fails while ${name} is down; a StatusCheckFailed_Instance alarm with the ` +
      `reboot action (deno task alarms ensure) may REBOOT the instance before the restore runs`,
      `4. after ${seconds}s the restore brings ${name} up again, even if this session is gone`,
    ],
  };
}
