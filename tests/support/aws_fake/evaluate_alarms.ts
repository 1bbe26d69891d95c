// Alarm evaluation driven by the test: metrics from instance state, state transitions, and alarm actions executed.

import type { AlarmState, ExecutedAction, FakeAlarm, FakeInstance, FakeState } from "./state.ts";

/** One alarm state change. */
export interface AlarmTransition {
  alarmName: string;
  from: AlarmState;
  to: AlarmState;
  /** 1-based period of this evaluateAlarms call (0 for SetAlarmState). */
  period: number;
}

/** What one evaluateAlarms call did. */
export interface EvaluationResult {
  transitions: AlarmTransition[];
  actions: ExecutedAction[];
}

/** The alarm's instance (its `InstanceId` dimension), if it names one. */
export function alarmInstanceId(alarm: FakeAlarm): string | undefined {
  return alarm.Dimensions.find((d) => d.Name === "InstanceId")?.Value;
}

/** Key of a test-set metric value: namespace, metric name and the sorted dimensions. */
export function metricKey(namespace: string, metricName: string, dimensions: Record<string, string>): string {
  const dims = Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  return [namespace, metricName, ...dims].join("|");
}

/** The metric's value this period, or undefined for missing data (a stopped instance reports no status checks). */
export function metricValue(state: FakeState, alarm: FakeAlarm): number | undefined {
  if (!alarm.MetricName || !alarm.Namespace) return undefined;
  const dims = Object.fromEntries(alarm.Dimensions.map((d) => [d.Name, d.Value]));
  const set = state.metricValues.get(metricKey(alarm.Namespace, alarm.MetricName, dims));
  if (set !== undefined) return set;
  if (alarm.Namespace !== "AWS/EC2") return undefined;
  const id = alarmInstanceId(alarm);
  const instance = id === undefined ? undefined : state.instances.get(id);
  if (!instance || instance.state !== "running") return undefined;
  const system = instance.systemStatus === "impaired" ? 1 : 0;
  const inst = instance.instanceStatus === "impaired" ? 1 : 0;
  switch (alarm.MetricName) {
    case "StatusCheckFailed_System":
      return system;
    case "StatusCheckFailed_Instance":
      return inst;
    case "StatusCheckFailed":
      return Math.max(system, inst);
    default:
      return undefined;
  }
}

function breaches(alarm: FakeAlarm, value: number): boolean {
  const t = alarm.Threshold ?? 0;
  switch (alarm.ComparisonOperator) {
    case "GreaterThanOrEqualToThreshold":
      return value >= t;
    case "GreaterThanThreshold":
      return value > t;
    case "LessThanThreshold":
      return value < t;
    case "LessThanOrEqualToThreshold":
      return value <= t;
    default:
      return false;
  }
}

/** The state the alarm's last EvaluationPeriods datapoints call for (undefined: keep the current state). */
function judge(alarm: FakeAlarm): AlarmState | undefined {
  const n = alarm.EvaluationPeriods;
  const m = alarm.DatapointsToAlarm ?? n;
  const window = alarm.datapoints.slice(-n);
  while (window.length < n) window.unshift(undefined);
  const treat = alarm.TreatMissingData ?? "missing";
  let breaching = 0;
  let present = 0;
  for (const v of window) {
    if (v === undefined) {
      if (treat === "breaching") breaching++;
      continue;
    }
    present++;
    if (breaches(alarm, v)) breaching++;
  }
  if (breaching >= m) return "ALARM";
  if (present === 0) {
    if (treat === "missing") return "INSUFFICIENT_DATA";
    if (treat === "ignore") return undefined;
  }
  return "OK";
}

function actionKind(arn: string): { kind: ExecutedAction["kind"]; verb?: string } {
  const automate = /^arn:[^:]+:automate:[^:]+:ec2:(recover|reboot|stop|terminate)$/.exec(arn);
  if (automate) return { kind: automate[1] as ExecutedAction["kind"] };
  const swf = /^arn:[^:]+:swf:[^:]+:\d{12}:action\/actions\/AWS_EC2\.InstanceId\.(Stop|Terminate|Reboot|Recover)\/1\.0$/
    .exec(arn);
  if (swf) return { kind: swf[1]!.toLowerCase() as ExecutedAction["kind"] };
  if (/^arn:[^:]+:sns:/.test(arn)) return { kind: "sns" };
  return { kind: "other" };
}

/** Why EC2 cannot recover this instance, or undefined when it can. */
export function recoverBlocker(state: FakeState, instance: FakeInstance): string | undefined {
  const type = state.instanceTypes.get(instance.instanceType);
  if (!type?.autoRecoverySupported) return `instance type ${instance.instanceType} does not support recovery`;
  if (instance.instanceStoreVolumes > 0) return "instance has instance-store volumes";
  if (instance.tenancy === "host") return "instance runs on a Dedicated Host";
  return undefined;
}

function execute(state: FakeState, alarm: FakeAlarm, to: AlarmState, arn: string): ExecutedAction {
  const { kind } = actionKind(arn);
  const base = { alarmName: alarm.AlarmName, state: to, action: arn, kind };
  if (kind === "sns") {
    state.notifications.push({ topicArn: arn, alarmName: alarm.AlarmName, state: to, reason: alarm.StateReason });
    return { ...base, ok: true, detail: `notified ${arn}` };
  }
  if (kind === "other") return { ...base, ok: true, detail: "recorded (not simulated)" };
  const instanceId = alarmInstanceId(alarm);
  const instance = instanceId === undefined ? undefined : state.instances.get(instanceId);
  if (!instance) return { ...base, instanceId, ok: false, detail: `instance ${instanceId} does not exist` };
  const withId = { ...base, instanceId: instance.instanceId };
  if (kind === "terminate") {
    instance.state = "terminated";
    return { ...withId, ok: true, detail: "terminated" };
  }
  if (instance.state !== "running") {
    return { ...withId, ok: false, detail: `instance is ${instance.state}` };
  }
  switch (kind) {
    case "reboot":
      // A reboot restarts the OS (fixing an instance-check failure) but stays on the same, possibly broken, host.
      instance.rebootCount += 1;
      instance.instanceStatus = "ok";
      return { ...withId, ok: true, detail: "rebooted" };
    case "stop":
      instance.state = "stopped";
      return { ...withId, ok: true, detail: "stopped" };
    case "recover": {
      const blocker = recoverBlocker(state, instance);
      if (blocker) return { ...withId, ok: false, detail: `recover failed: ${blocker}` };
      // Recovery moves the instance to new hardware and boots it there: same id, IPs, volumes; both checks clear.
      state.nextId += 1;
      instance.hostId = `host-${state.nextId.toString(16).padStart(8, "0")}`;
      instance.hostHistory.push(instance.hostId);
      instance.recoverCount += 1;
      instance.systemStatus = "ok";
      instance.instanceStatus = "ok";
      return { ...withId, ok: true, detail: `recovered onto ${instance.hostId}` };
    }
    default:
      return { ...withId, ok: false, detail: "unknown action" };
  }
}

/**
 * Sets an alarm's state and, when it changed and actions are enabled, runs the actions of the new state.
 * Used by evaluation and by the SetAlarmState API (which really fires actions, as on AWS).
 */
export function transitionAlarm(
  state: FakeState,
  alarm: FakeAlarm,
  to: AlarmState,
  reason: string,
  reasonData?: string,
): ExecutedAction[] {
  const from = alarm.StateValue;
  const now = new Date();
  alarm.StateReason = reason;
  alarm.StateReasonData = reasonData;
  alarm.StateUpdatedTimestamp = now;
  if (from === to) return [];
  alarm.StateValue = to;
  alarm.StateTransitionedTimestamp = now;
  state.alarmHistory.push({
    AlarmName: alarm.AlarmName,
    AlarmType: "MetricAlarm",
    Timestamp: now,
    HistoryItemType: "StateUpdate",
    HistorySummary: `Alarm updated from ${from} to ${to}`,
    HistoryData: JSON.stringify({
      version: "1.0",
      oldState: { stateValue: from },
      newState: { stateValue: to, stateReason: reason },
    }),
  });
  if (!alarm.ActionsEnabled) return [];
  const arns = to === "ALARM" ? alarm.AlarmActions : to === "OK" ? alarm.OKActions : alarm.InsufficientDataActions;
  const done = arns.map((arn) => execute(state, alarm, to, arn));
  for (const a of done) {
    state.actions.push(a);
    state.alarmHistory.push({
      AlarmName: alarm.AlarmName,
      AlarmType: "MetricAlarm",
      Timestamp: now,
      HistoryItemType: "Action",
      HistorySummary: a.ok ? `Successfully executed action ${a.action}` : `Failed to execute action ${a.action}`,
      HistoryData: JSON.stringify({
        actionState: a.ok ? "Succeeded" : "Failed",
        notificationResource: a.action,
        detail: a.detail,
      }),
    });
  }
  return done;
}

/**
 * Runs `periods` evaluation periods: each period every alarm gets one datapoint computed from the current state
 * (all alarms see the same snapshot), then alarms change state and fire their actions. No wall clock involved.
 */
export function evaluateAlarms(state: FakeState, options: { periods?: number } = {}): EvaluationResult {
  const periods = options.periods ?? 1;
  const result: EvaluationResult = { transitions: [], actions: [] };
  const alarms = [...state.alarms.values()].sort((a, b) => a.AlarmName.localeCompare(b.AlarmName));
  for (let period = 1; period <= periods; period++) {
    const values = alarms.map((a) => metricValue(state, a));
    alarms.forEach((a, i) => {
      a.datapoints.push(values[i]);
      if (a.datapoints.length > 100) a.datapoints.shift();
    });
    for (const alarm of alarms) {
      const to = judge(alarm);
      if (to === undefined || to === alarm.StateValue) continue;
      const from = alarm.StateValue;
      const last = alarm.datapoints[alarm.datapoints.length - 1];
      const reason = to === "INSUFFICIENT_DATA"
        ? "Insufficient Data: no datapoints were received"
        : `Threshold Crossed: datapoint [${last ?? "missing"}] was ${to === "ALARM" ? "" : "not "}${
          alarm.ComparisonOperator.replace(/([A-Z])/g, " $1").trim().toLowerCase()
        } (${alarm.Threshold}).`;
      result.transitions.push({ alarmName: alarm.AlarmName, from, to, period });
      result.actions.push(...transitionAlarm(state, alarm, to, reason));
    }
  }
  return result;
}
