// The loopback AWS fake (EC2, CloudWatch, STS) for tests: see README.md in this folder.

export { AwsFake, startAwsFake } from "./start_aws_fake.ts";
export type {
  AddInstanceOptions,
  AddRouteOptions,
  AddRouteTableOptions,
  AwsFakeOptions,
  FakeIdentity,
  InstanceView,
} from "./start_aws_fake.ts";
export type { AlarmTransition, EvaluationResult } from "./evaluate_alarms.ts";
export type { FakeInstanceType } from "./instance_types.ts";
export { DEFAULT_INSTANCE_TYPES } from "./instance_types.ts";
export type { AlarmState, ExecutedAction, FakeAlarm, FakeRoute, FakeRouteTable, RecordedCall } from "./state.ts";
export { DEFAULT_RATE_LIMITS } from "./throttle.ts";
export type { RateLimit, ThrottleStorm } from "./throttle.ts";
export { MAX_ACTIONS_PER_STATE, RECOVER_METRIC_MESSAGE } from "./alarm_rules.ts";
export { MAX_NAMES_PER_CALL } from "./cloudwatch_api.ts";
