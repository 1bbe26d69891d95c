// Undoing a drill later, in a way that survives the SSH session dying: a transient systemd timer where systemd
// manages this network namespace, otherwise a detached process in its own session that ignores SIGHUP.

import { formatArgv } from "../host/run_command.ts";

/** How the undo step is arranged. */
export interface DeferredMethod {
  kind: "systemd-run" | "setsid";
  /** Why this one, for people. */
  reason: string;
}

/** Facts that decide the method. */
export interface DeferFacts {
  /** `/run/systemd/system` exists: systemd is PID 1 and running. */
  systemdRunning: boolean;
  /** We are in PID 1's network namespace, where a systemd unit would run. */
  inInitNetns: boolean;
}

/**
 * Chooses how to run the undo step: `systemd-run` (a transient timer) when systemd is running and shares our
 * network namespace; otherwise `setsid` (a detached `sh`). Pure.
 *
 * @example
 * ```ts
 * chooseDeferred({ systemdRunning: false, inInitNetns: true }).kind; // "setsid"
 * ```
 */
export function chooseDeferred(facts: DeferFacts): DeferredMethod {
  if (facts.systemdRunning && facts.inInitNetns) {
    return { kind: "systemd-run", reason: "systemd is running: a transient timer, which outlives this session" };
  }
  if (facts.systemdRunning) {
    return {
      kind: "setsid",
      reason: "we run in a network namespace other than systemd's, where a timer's command would not see this " +
        "interface: a detached process in its own session (setsid, SIGHUP ignored)",
    };
  }
  return {
    kind: "setsid",
    reason: "systemd is not running here: a detached process in its own session (setsid, SIGHUP ignored)",
  };
}

/**
 * The argv that arranges `argv` to run once after `seconds`, detached from this process and its session. `unit`
 * names the transient systemd unit (systemd-run only). Pure.
 *
 * @example
 * ```ts
 * deferredArgv({ kind: "setsid", reason: "" }, 120, ["/usr/sbin/ip", "link", "set", "dev", "eth0", "up"], "x");
 * // ["setsid", "-f", "sh", "-c", "trap '' HUP; echo armed $$; exec </dev/null >/dev/null 2>&1; sleep 120; /usr/sbin/ip link set dev eth0 up"]
 * ```
 */
export function deferredArgv(method: DeferredMethod, seconds: number, argv: string[], unit: string): string[] {
  if (method.kind === "systemd-run") {
    return [
      "systemd-run",
      `--unit=${unit}`,
      `--on-active=${seconds}s`,
      "--timer-property=AccuracySec=1s",
      `--description=hostmend: ${formatArgv(argv)}`,
      ...argv,
    ];
  }
  return [
    "setsid",
    "-f",
    "sh",
    "-c",
    // "armed PID" on stdout tells the caller the detached shell is running; then it lets go of the caller's pipes.
    `trap '' HUP; echo armed $$; exec </dev/null >/dev/null 2>&1; sleep ${seconds}; ${formatArgv(argv)}`,
  ];
}
