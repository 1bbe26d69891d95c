// What `alarms drill` warns about before it sets an alarm to ALARM: what its action really does to the instance.

import { actionLabel } from "./alarm_report.ts";
import type { ExistingAlarm } from "./alarm_types.ts";

/**
 * The effect of setting `alarm` to ALARM, in one clause: nothing when muted, a recover, a reboot, or its
 * other actions. Pure.
 *
 * @example
 * ```ts
 * describeDrill(alarm); // "this really reboots i-0abc1234 (reboot)"
 * ```
 */
export function describeDrill(alarm: ExistingAlarm): string {
  const what = actionLabel(alarm.alarmActions);
  const instance = alarm.dimensions.find((d) => d.name === "InstanceId")?.value ?? "its resource";
  return !alarm.actionsEnabled
    ? `its actions are disabled (muted), so only its state changes; nothing happens to ${instance}`
    : alarm.alarmActions.some((a) => a.endsWith(":ec2:recover"))
    ? `this really recovers ${instance}: it is stopped and started on new hardware (${what})`
    : alarm.alarmActions.some((a) => a.endsWith(":ec2:reboot"))
    ? `this really reboots ${instance} (${what})`
    : `this runs its actions: ${what}`;
}
