// hostmend's alarm names: deterministic, so a second run finds what the first one made, and --prune only ever
// touches alarms that hostmend named.

/** Every alarm hostmend makes starts with this. */
export const ALARM_PREFIX = "hostmend-";

const NAME = /^hostmend-(i-[0-9a-f]+)-(system|instance)-check$/;

/**
 * The name of an instance's status-check alarm: `hostmend-<instance-id>-system-check` or
 * `hostmend-<instance-id>-instance-check`. The name does not change when the action does (recover → notify),
 * so a changed alarm is updated in place rather than orphaned. Needs no permissions.
 *
 * @example
 * ```ts
 * alarmName("i-0abc", "system"); // "hostmend-i-0abc-system-check"
 * ```
 */
export function alarmName(instanceId: string, check: "system" | "instance"): string {
  return `${ALARM_PREFIX}${instanceId}-${check}-check`;
}

/**
 * The instance and check of a hostmend alarm name, or `undefined` for any other name (never pruned).
 *
 * @example
 * ```ts
 * parseAlarmName("hostmend-i-0abc-instance-check"); // { instanceId: "i-0abc", check: "instance" }
 * ```
 */
export function parseAlarmName(name: string): { instanceId: string; check: "system" | "instance" } | undefined {
  const m = NAME.exec(name);
  return m ? { instanceId: m[1]!, check: m[2] as "system" | "instance" } : undefined;
}
