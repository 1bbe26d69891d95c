// The plain data the alarm planning works on: instance facts in, alarm definitions and plans out.

/** What hostmend needs to know about one instance to plan its alarms. */
export interface InstanceFacts {
  id: string;
  instanceType: string;
  /** running, stopped, terminated… */
  state: string;
  /** `default`, `dedicated` or `host` (a Dedicated Host). */
  tenancy: string;
  /** The instance type's AutoRecoverySupported (DescribeInstanceTypes). */
  autoRecoverySupported: boolean;
  /** Whether the instance type has instance-store volumes (recover would lose them, so AWS refuses it). */
  instanceStore: boolean;
  name?: string;
}

/** The fields of a metric alarm that hostmend sets and compares (PutMetricAlarm's and DescribeAlarms' shared part). */
export interface MetricAlarmFields {
  name: string;
  namespace: string;
  metricName: string;
  statistic: string;
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparisonOperator: string;
  dimensions: { name: string; value: string }[];
  alarmActions: string[];
  description: string;
}

/** One alarm as hostmend wants it (the arguments of PutMetricAlarm). */
export interface AlarmDefinition extends MetricAlarmFields {
  instanceId: string;
  /** Which status check it watches. */
  check: "system" | "instance";
  /** `recover`, `reboot` or `notify` (notify-only). */
  action: "recover" | "reboot" | "notify";
  /** Why the system alarm does not recover, when it does not. */
  why?: string;
}

/** One alarm as DescribeAlarms returns it (only the fields hostmend reads). */
export interface ExistingAlarm extends MetricAlarmFields {
  actionsEnabled: boolean;
  stateValue: string;
}

/** The plan of `alarms ensure`: what to create, update, leave and delete. */
export interface AlarmPlan {
  create: AlarmDefinition[];
  update: { alarm: AlarmDefinition; changes: string[]; actionsEnabled: boolean }[];
  unchanged: string[];
  delete: { name: string; instanceId: string; reason: string }[];
  /** Per instance, why its system alarm only notifies. */
  notes: { instanceId: string; note: string }[];
}
