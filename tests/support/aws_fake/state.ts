// The fake account's state: instances, instance types, network interfaces, route tables, alarms, and what happened.

import type { FakeInstanceType } from "./instance_types.ts";

/** EC2 instance lifecycle states (DescribeInstances `State.Name`). */
export type InstanceStateName = "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";

/** EC2 instance state codes by name. */
export const INSTANCE_STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** One status check's result. */
export type CheckStatus = "ok" | "impaired";

/** An instance in the fake. `hostId` is the (simulated) physical host, whatever the tenancy. */
export interface FakeInstance {
  instanceId: string;
  instanceType: string;
  state: InstanceStateName;
  tags: Record<string, string>;
  availabilityZone: string;
  tenancy: "default" | "dedicated" | "host";
  hostId: string;
  vpcId: string;
  subnetId: string;
  privateIpAddress: string;
  networkInterfaceId: string;
  imageId: string;
  launchTime: Date;
  /** EBS volumes (DescribeInstances BlockDeviceMappings). */
  blockDevices: { deviceName: string; volumeId: string }[];
  /** Instance-store volumes attached (from the type unless given). */
  instanceStoreVolumes: number;
  systemStatus: CheckStatus;
  instanceStatus: CheckStatus;
  rebootCount: number;
  recoverCount: number;
  /** Every host the instance ran on, oldest first (recover appends). */
  hostHistory: string[];
}

/** A route in a route table: destination and exactly one target. */
export interface FakeRoute {
  destinationCidrBlock: string;
  networkInterfaceId?: string;
  gatewayId?: string;
  instanceId?: string;
  natGatewayId?: string;
  origin: "CreateRouteTable" | "CreateRoute";
  state: "active" | "blackhole";
}

/** A VPC route table. */
export interface FakeRouteTable {
  routeTableId: string;
  vpcId: string;
  routes: FakeRoute[];
  subnetIds: string[];
  main: boolean;
  tags: Record<string, string>;
}

/** An elastic network interface. */
export interface FakeNetworkInterface {
  networkInterfaceId: string;
  vpcId: string;
  subnetId: string;
  availabilityZone: string;
  privateIpAddress: string;
  instanceId?: string;
  sourceDestCheck: boolean;
}

/** CloudWatch alarm states. */
export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** A CloudWatch metric alarm as stored (PascalCase fields as the API returns them). */
export interface FakeAlarm {
  AlarmName: string;
  AlarmArn: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  MetricName?: string;
  Namespace?: string;
  Statistic?: string;
  ExtendedStatistic?: string;
  Dimensions: { Name: string; Value: string }[];
  Period?: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  EvaluateLowSampleCountPercentile?: string;
  Metrics?: unknown[];
  ThresholdMetricId?: string;
  Tags?: { Key: string; Value: string }[];
  StateValue: AlarmState;
  StateReason: string;
  StateReasonData?: string;
  AlarmConfigurationUpdatedTimestamp: Date;
  StateUpdatedTimestamp: Date;
  StateTransitionedTimestamp: Date;
  /** Datapoints seen by evaluateAlarms, newest last (undefined = missing data). Not part of the API. */
  datapoints: (number | undefined)[];
}

/** One API call the fake received. `params` is the JSON input (CloudWatch) or the flat form parameters (EC2, STS). */
export interface RecordedCall {
  service: "ec2" | "cloudwatch" | "sts";
  operation: string;
  params: Record<string, unknown>;
  /** Whether it changes state (PutMetricAlarm, DeleteAlarms, ReplaceRoute …). */
  write: boolean;
  /** The AWS error code it was answered with, if any (`Throttling`, `ValidationError` …). */
  error?: string;
}

/** What an alarm action did when evaluateAlarms or SetAlarmState fired it. */
export interface ExecutedAction {
  alarmName: string;
  /** The state the alarm entered. */
  state: AlarmState;
  /** The action ARN. */
  action: string;
  kind: "reboot" | "recover" | "stop" | "terminate" | "sns" | "other";
  instanceId?: string;
  /** Whether the action took effect. */
  ok: boolean;
  /** Why it failed or what it did. */
  detail: string;
}

/** An alarm history item (DescribeAlarmHistory). */
export interface AlarmHistoryItem {
  AlarmName: string;
  AlarmType: "MetricAlarm";
  Timestamp: Date;
  HistoryItemType: "ConfigurationUpdate" | "StateUpdate" | "Action";
  HistorySummary: string;
  HistoryData: string;
}

/** The whole mutable state of one fake. */
export interface FakeState {
  accountId: string;
  region: string;
  partition: string;
  instances: Map<string, FakeInstance>;
  instanceTypes: Map<string, FakeInstanceType>;
  networkInterfaces: Map<string, FakeNetworkInterface>;
  routeTables: Map<string, FakeRouteTable>;
  alarms: Map<string, FakeAlarm>;
  alarmHistory: AlarmHistoryItem[];
  /** Extra metric values set by tests: key `namespace|metric|InstanceId=…`. */
  metricValues: Map<string, number>;
  calls: RecordedCall[];
  actions: ExecutedAction[];
  notifications: { topicArn: string; alarmName: string; state: AlarmState; reason: string }[];
  /** Monotonic counter for ids. */
  nextId: number;
}

/** The partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** A fresh id like AWS's: `prefix-` and 17 hex digits, deterministic per state. */
export function newId(state: FakeState, prefix: string): string {
  state.nextId += 1;
  const n = state.nextId;
  const hex = (n * 2654435761 >>> 0).toString(16).padStart(8, "0") + n.toString(16).padStart(9, "0");
  return `${prefix}-${hex.slice(0, 17)}`;
}
