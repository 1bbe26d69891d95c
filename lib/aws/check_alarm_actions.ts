// The rules AWS enforces on alarm actions, checked before any call so a bad override never half-applies.

import type { AlarmDefinition } from "./alarm_types.ts";

/** AWS's own words when a recover action sits on any other metric. */
export const RECOVER_RULE =
  "The EC2 'Recover' action can only be defined on the 'StatusCheckFailed_System' metric and 'AWS/EC2' namespace.";

/**
 * Throws `RangeError` (message fit for a user) when an alarm breaks a rule AWS would reject it for: a recover
 * action on any metric but `StatusCheckFailed_System` in `AWS/EC2`, or more than 5 alarm actions. Needs no
 * permissions.
 *
 * @example
 * ```ts
 * for (const alarm of desired) checkAlarmActions(alarm);
 * ```
 */
export function checkAlarmActions(alarm: AlarmDefinition): void {
  const recovers = alarm.alarmActions.some((a) => /^arn:[\w-]+:automate:[\w-]+:ec2:recover$/.test(a));
  if (recovers && (alarm.metricName !== "StatusCheckFailed_System" || alarm.namespace !== "AWS/EC2")) {
    throw new RangeError(`alarm ${alarm.name} on ${alarm.namespace} ${alarm.metricName} is refused: ${RECOVER_RULE}`);
  }
  if (alarm.alarmActions.length > 5) {
    throw new RangeError(
      `alarm ${alarm.name} has ${alarm.alarmActions.length} actions, AWS allows at most 5: give fewer --notify topics`,
    );
  }
}
