// The AWS area: status-check alarms that heal instances, muting them, account safety and route failover.
// The only place in hostmend that imports @aws-sdk/*.
export * from "./alarm_names.ts";
export * from "./alarm_scope.ts";
export * from "./alarm_types.ts";
export * from "./apply_route_failover.ts";
export * from "./aws_context.ts";
export * from "./check_account.ts";
export * from "./check_alarm_actions.ts";
export * from "./cloudwatch_alarms.ts";
export * from "./diff_alarms.ts";
export * from "./ec2_instances.ts";
export * from "./ec2_routes.ts";
export * from "./ensure_alarms.ts";
export * from "./mute_alarms.ts";
export * from "./mute_store.ts";
export * from "./pacer.ts";
export * from "./partition.ts";
export * from "./plan_instance_alarms.ts";
export * from "./plan_mute.ts";
export * from "./plan_route_failover.ts";
export * from "./plan_unmute.ts";
export * from "./unmute_alarms.ts";
