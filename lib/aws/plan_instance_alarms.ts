// The two status-check alarms each instance should have: system check → recover, instance check → reboot.

import { alarmName } from "./alarm_names.ts";
import type { AlarmDefinition, InstanceFacts } from "./alarm_types.ts";
import { checkAlarmActions } from "./check_alarm_actions.ts";
import { partitionForRegion } from "./partition.ts";

/** Metric settings of both alarms; each has the AWS-recommended default. */
export interface AlarmSettings {
  statistic: string;
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator: string;
  /** Metric of the system alarm (default `StatusCheckFailed_System`; recover only works on that one). */
  systemMetric: string;
  /** Metric of the instance alarm (default `StatusCheckFailed_Instance`). */
  instanceMetric: string;
}

/** The defaults of {@linkcode AlarmSettings}: Maximum over 60 s, 2 periods, ≥ 1. */
export const DEFAULT_ALARM_SETTINGS: AlarmSettings = {
  statistic: "Maximum",
  period: 60,
  evaluationPeriods: 2,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  systemMetric: "StatusCheckFailed_System",
  instanceMetric: "StatusCheckFailed_Instance",
};

/** Options of {@linkcode planInstanceAlarms}. */
export interface PlanAlarmsOptions {
  region: string;
  /** SNS topic ARNs added to every alarm's actions. */
  notify?: string[];
  settings?: Partial<AlarmSettings>;
}

/**
 * Why recover cannot work on `instance`, or `undefined` when it can: the type must support it
 * (AutoRecoverySupported), have no instance-store volumes, and the instance must not be on a Dedicated Host.
 *
 * @example
 * ```ts
 * whyNoRecover({ ...facts, tenancy: "host" }); // "it runs on a Dedicated Host"
 * ```
 */
export function whyNoRecover(instance: InstanceFacts): string | undefined {
  const reasons: string[] = [];
  if (!instance.autoRecoverySupported) {
    reasons.push(`instance type ${instance.instanceType} does not support recovery (AutoRecoverySupported is false)`);
  }
  if (instance.instanceStore) {
    reasons.push(`instance type ${instance.instanceType} has instance-store volumes, which recovery cannot keep`);
  }
  if (instance.tenancy === "host") reasons.push("it runs on a Dedicated Host");
  return reasons.length ? reasons.join("; ") : undefined;
}

/**
 * Plans the alarms of `instances` (two each, named by {@linkcode alarmName}): the system check recovers the
 * instance where recovery can work and only notifies elsewhere (`why` says why); the instance check reboots it.
 * Every `--notify` topic is added to both. Throws `RangeError` before anything is called when an alarm would
 * break AWS's rules (recover on another metric, more than 5 actions). Pure: needs no permissions.
 *
 * @example
 * ```ts
 * const alarms = planInstanceAlarms(instances, { region: "eu-west-1", notify: [topicArn] });
 * ```
 */
export function planInstanceAlarms(instances: InstanceFacts[], options: PlanAlarmsOptions): AlarmDefinition[] {
  const s = { ...DEFAULT_ALARM_SETTINGS, ...options.settings };
  const partition = partitionForRegion(options.region);
  const automate = (what: string) => `arn:${partition}:automate:${options.region}:ec2:${what}`;
  const notify = [...new Set(options.notify ?? [])];
  const out: AlarmDefinition[] = [];
  for (const instance of [...instances].sort((a, b) => a.id.localeCompare(b.id))) {
    const common = {
      instanceId: instance.id,
      namespace: "AWS/EC2",
      statistic: s.statistic,
      period: s.period,
      evaluationPeriods: s.evaluationPeriods,
      threshold: s.threshold,
      comparisonOperator: s.comparisonOperator,
      dimensions: [{ name: "InstanceId", value: instance.id }],
    };
    const why = whyNoRecover(instance);
    out.push({
      ...common,
      name: alarmName(instance.id, "system"),
      check: "system",
      action: why ? "notify" : "recover",
      metricName: s.systemMetric,
      alarmActions: why ? notify : [automate("recover"), ...notify],
      description: why
        ? `hostmend: system status check of ${instance.id}; notify only, no recover: ${why}`
        : `hostmend: system status check of ${instance.id} failed, recover it onto new hardware`,
      ...(why ? { why } : {}),
    });
    out.push({
      ...common,
      name: alarmName(instance.id, "instance"),
      check: "instance",
      action: "reboot",
      metricName: s.instanceMetric,
      alarmActions: [automate("reboot"), ...notify],
      description: `hostmend: instance status check of ${instance.id} failed, reboot it`,
    });
  }
  for (const alarm of out) checkAlarmActions(alarm);
  return out;
}

/**
 * Checks `options` against AWS's rules without any instance (a sample one stands in), so a bad override or too
 * many topics is refused before any call. Throws `RangeError`. Pure: needs no permissions.
 *
 * @example
 * ```ts
 * checkAlarmOptions({ region: "us-east-1", settings: { systemMetric: "CPUUtilization" } }); // throws
 * ```
 */
export function checkAlarmOptions(options: PlanAlarmsOptions): void {
  planInstanceAlarms([{
    id: "i-00000000",
    instanceType: "sample",
    state: "running",
    tenancy: "default",
    autoRecoverySupported: true,
    instanceStore: false,
  }], options);
}
