// deno task alarms <ensure|list|mute|unmute|drill>: status-check alarms that heal instances, and silencing them.

import {
  ActionError,
  createProgress,
  EXIT,
  optionValue,
  parseDuration,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
  UsageError,
} from "../lib/cli/mod.ts";
import { ALARM_PREFIX } from "../lib/aws/alarm_names.ts";
import { alarmListRows, formatAlarmList } from "../lib/aws/alarm_list_report.ts";
import { alarmPlanJson, alarmResultJson, formatAlarmPlan, formatAlarmResult } from "../lib/aws/alarm_report.ts";
import { findScopedAlarms } from "../lib/aws/alarm_scope.ts";
import { awsActionError } from "../lib/aws/aws_context.ts";
import { accountArgs, alarmApis, connectAws, identifyAccount } from "../lib/aws/connect_account.ts";
import { describeDrill } from "../lib/aws/describe_drill.ts";
import { applyAlarmPlan, planEnsureAlarms } from "../lib/aws/ensure_alarms.ts";
import { readMuteRecord } from "../lib/aws/mute_store.ts";
import { muteAlarms } from "../lib/aws/mute_alarms.ts";
import { formatMuteReport, formatUnmuteReport } from "../lib/aws/mute_report.ts";
import { unmuteAlarms } from "../lib/aws/unmute_alarms.ts";
import { checkNotifyArns, checkNotifyRegion, parseAlarmSettings } from "../lib/aws/parse_alarm_options.ts";
import { parseAlarmScope, parseInstanceSelector, scopeArgs } from "../lib/aws/parse_alarm_scope.ts";
import { checkAlarmOptions } from "../lib/aws/plan_instance_alarms.ts";

const ACCOUNT = {
  profile: { type: "string", value: "NAME", description: "AWS profile (default: AWS_PROFILE, else the default chain)" },
  region: { type: "string", value: "REGION", description: "AWS region (default: AWS_REGION or the profile's)" },
  "expect-account": {
    type: "string",
    value: "ID",
    description: "refuse to work unless the credentials belong to this 12-digit account",
  },
} as const;

const INSTANCES = {
  instance: { type: "string", multiple: true, value: "ID", description: "an instance id, i-…" },
  tag: { type: "string", value: "KEY=VALUE", description: "the instances with this tag" },
} as const;

const ensureSpec = {
  name: "alarms ensure",
  summary: "make every instance's status-check alarms exist as they should: recover and reboot",
  description: `
Per instance: hostmend-<id>-system-check (StatusCheckFailed_System → recover, where recovery can work; otherwise it
only notifies and the plan says why) and hostmend-<id>-instance-check (StatusCheckFailed_Instance → reboot).
Reads what exists first and changes only what differs; a second run makes no write call. Writes are paced to
3 per second (HOSTMEND_AWS_WRITE_RATE overrides it, for emulators) and throttled calls are retried with backoff.`,
  options: {
    ...INSTANCES,
    all: { type: "boolean", description: "every running instance of the region" },
    notify: { type: "string", multiple: true, value: "ARN", description: "SNS topic added to every alarm's actions" },
    prune: { type: "boolean", description: "delete hostmend's alarms of instances that no longer exist" },
    "dry-run": { type: "boolean", description: "print the plan, change nothing" },
    statistic: { type: "string", value: "STAT", default: "Maximum", description: "metric statistic" },
    period: { type: "string", value: "SECONDS", default: "60", description: "period: 10, 30 or a multiple of 60" },
    "evaluation-periods": { type: "string", value: "N", default: "2", description: "periods before the alarm fires" },
    threshold: { type: "string", value: "NUMBER", default: "1", description: "threshold" },
    comparison: {
      type: "string",
      value: "OPERATOR",
      default: "GreaterThanOrEqualToThreshold",
      description: "comparison operator",
    },
    "system-metric": {
      type: "string",
      value: "METRIC",
      default: "StatusCheckFailed_System",
      description: "metric of the system alarm (recover works only on the default)",
    },
    "instance-metric": {
      type: "string",
      value: "METRIC",
      default: "StatusCheckFailed_Instance",
      description: "metric of the instance alarm",
    },
    ...ACCOUNT,
  },
  examples: [
    "deno task alarms ensure --tag Role=web --notify arn:aws:sns:eu-west-1:123456789012:ops --dry-run",
    "deno task alarms ensure --all --prune --expect-account 123456789012",
  ],
} as const satisfies TaskSpec;

const listSpec = {
  name: "alarms list",
  summary: "hostmend's alarms: state, whether actions are enabled, which action each takes",
  options: {
    ...INSTANCES,
    prefix: { type: "string", value: "PREFIX", description: "every alarm whose name starts with this" },
    ...ACCOUNT,
  },
  examples: ["deno task alarms list", "deno task alarms list --tag Role=web --json"],
} as const satisfies TaskSpec;

const muteSpec = {
  name: "alarms mute",
  summary: "disable the actions of alarms for maintenance, recording which were enabled",
  description: `
Disables the actions (DisableAlarmActions) of the alarms in scope that are enabled and records them in
<state dir>/alarm-mutes-<account>-<region>.json (state dir: HOSTMEND_STATE_DIR, else /var/lib/hostmend), so
\`alarms unmute\` enables exactly those again. --for only records and prints the time: nothing unmutes by itself;
run the printed unmute command then, or \`alarms unmute --expired\` from cron.`,
  options: {
    ...INSTANCES,
    prefix: { type: "string", value: "PREFIX", description: "every alarm whose name starts with this" },
    all: { type: "boolean", description: "every hostmend alarm (prefix hostmend-)" },
    for: { type: "string", value: "DURATION", description: "how long the maintenance lasts, like 2h or 90min" },
    "dry-run": { type: "boolean", description: "print the plan, change nothing" },
    ...ACCOUNT,
  },
  examples: ["deno task alarms mute --tag Role=web --for 2h"],
} as const satisfies TaskSpec;

const unmuteSpec = {
  name: "alarms unmute",
  summary: "enable again exactly the alarms a mute disabled",
  options: {
    ...INSTANCES,
    prefix: { type: "string", value: "PREFIX", description: "the recorded alarms whose name starts with this" },
    all: { type: "boolean", description: "every alarm the mute record holds" },
    expired: { type: "boolean", description: "the recorded alarms whose --for time has passed (for cron)" },
    "dry-run": { type: "boolean", description: "print the plan, change nothing" },
    ...ACCOUNT,
  },
  examples: ["deno task alarms unmute --tag Role=web", "deno task alarms unmute --expired"],
} as const satisfies TaskSpec;

const drillSpec = {
  name: "alarms drill",
  summary: "set an alarm to ALARM so its action really runs: a rehearsal that reboots or recovers the instance",
  options: {
    alarm: { type: "string", value: "NAME", description: "the alarm to fire" },
    yes: { type: "boolean", description: "yes, really run its action on the instance" },
    ...ACCOUNT,
  },
  examples: ["deno task alarms drill --alarm hostmend-i-0abc1234567890def-instance-check --yes"],
} as const satisfies TaskSpec;

/** `deno task alarms --help`: the subcommands. */
export const spec = {
  name: "alarms",
  summary: "CloudWatch status-check alarms that heal instances: ensure, list, mute, unmute, drill",
  usage: "<ensure|list|mute|unmute|drill>: each has its own --help",
  description: `
Subcommands (each has its own --help):
  ensure   make every instance's status-check alarms exist as they should (recover, reboot)
  list     state, actions enabled and action of the alarms
  mute     disable alarm actions for maintenance, recording which were enabled
  unmute   enable again exactly what mute disabled
  drill    set an alarm to ALARM so its action really runs (needs --yes)
Every subcommand prints the AWS account, partition, region and profile first (on stderr), and --expect-account ID
refuses any other account before anything is written.`,
  options: {},
  positionals: { min: 0, max: 1, name: "subcommand" },
} as const satisfies TaskSpec;

/** Parses argv, runs the subcommand, returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub.startsWith("-")) {
    const { values } = parseTaskArgs(spec, args);
    if (values.help) return printHelp(spec);
    throw new UsageError("Missing subcommand: use deno task alarms <ensure|list|mute|unmute|drill>, see --help");
  }
  switch (sub) {
    case "ensure":
      return await ensure(rest);
    case "list":
      return await list(rest);
    case "mute":
      return await mute(rest);
    case "unmute":
      return await unmute(rest);
    case "drill":
      return await drill(rest);
    default:
      throw new UsageError(`Unknown subcommand "${sub}": use ensure, list, mute, unmute or drill`);
  }
}

async function ensure(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(ensureSpec, args);
  if (values.help) return printHelp(ensureSpec);
  const selector = parseInstanceSelector("alarms ensure", values);
  const notify = checkNotifyArns(values.notify ?? []);
  const settings = parseAlarmSettings(values);
  const aws = await connectAws(values);
  const options = { region: aws.region, notify, settings, selector, prune: values.prune ?? false };
  // AWS's rules (recover only on StatusCheckFailed_System, at most 5 actions) are checked before any call.
  try {
    checkAlarmOptions(options);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`Refused: ${error.message}`, { cause: error });
    throw error;
  }
  checkNotifyRegion(notify, aws.partition, aws.region);
  const identity = await identifyAccount(aws, values);
  const { alarms, instances } = alarmApis(aws);
  const { instances: found, plan } = await planEnsureAlarms(instances, alarms, options);
  const dryRun = values["dry-run"] ?? false;
  const writes = plan.create.length + plan.update.length + plan.delete.length;
  if (!values.json) console.log(formatAlarmPlan(plan, found.length, dryRun));
  const report = { identity, dry_run: dryRun, instances: found.length, plan: alarmPlanJson(plan) };
  if (dryRun || writes === 0) {
    if (values.json) printJson({ ...report, result: null });
    return EXIT.ok;
  }
  const progress = createProgress();
  const result = await applyAlarmPlan(plan, alarms, (done, total) => progress.update(`alarms: ${done}/${total}`));
  progress.done();
  if (values.json) printJson({ ...report, result: alarmResultJson(result) });
  else console.log(formatAlarmResult(result));
  if (result.failed.length) {
    throw new ActionError(
      `${result.failed.length} alarm(s) could not be written: run it again to finish, it only does what is left`,
    );
  }
  return EXIT.ok;
}

async function list(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(listSpec, args);
  if (values.help) return printHelp(listSpec);
  const scope = values.instance || values.tag || values.prefix
    ? parseAlarmScope("alarms list", values)
    : { kind: "prefix" as const, prefix: ALARM_PREFIX };
  const aws = await connectAws(values);
  const identity = await identifyAccount(aws, values);
  const { alarms, instances } = alarmApis(aws);
  const found = (await findScopedAlarms(scope, alarms, instances)).alarms;
  const rows = alarmListRows(found, await readMuteRecord(identity.account, identity.region));
  if (values.json) printJson({ identity, alarms: rows });
  else console.log(formatAlarmList(rows));
  return EXIT.ok;
}

async function mute(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(muteSpec, args);
  if (values.help) return printHelp(muteSpec);
  const scope = parseAlarmScope("alarms mute", values);
  const seconds = values.for === undefined ? undefined : optionValue("--for", values.for, parseDuration);
  if (seconds !== undefined && seconds <= 0) throw new UsageError("Invalid --for: give a duration above zero, like 2h");
  const aws = await connectAws(values);
  const identity = await identifyAccount(aws, values);
  const { alarms, instances } = alarmApis(aws);
  const now = new Date();
  const until = seconds === undefined ? undefined : new Date(now.getTime() + seconds * 1000);
  const dryRun = values["dry-run"] ?? false;
  const { plan, found, record } = await muteAlarms(alarms, instances, {
    scope,
    account: identity.account,
    region: identity.region,
    now,
    ...(until ? { until } : {}),
    dryRun,
  });
  const unmuteCommand = ["deno task alarms unmute", ...scopeArgs(values), ...accountArgs(values)].join(" ");
  const expiredCommand = ["deno task alarms unmute --expired", ...accountArgs(values)].join(" ");
  if (values.json) {
    printJson({
      identity,
      dry_run: dryRun,
      muted: plan.disable,
      already_muted: plan.alreadyMuted,
      left_alone: plan.leftAlone,
      until: until?.toISOString() ?? null,
      record,
      unmute_command: unmuteCommand,
    });
  } else {
    console.log(
      formatMuteReport({ plan, found, record, dryRun, ...(until ? { until } : {}), unmuteCommand, expiredCommand }),
    );
  }
  return EXIT.ok;
}

async function unmute(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(unmuteSpec, args);
  if (values.help) return printHelp(unmuteSpec);
  const expired = values.expired ?? false;
  if (expired && (values.instance?.length || values.tag || values.prefix || values.all)) {
    throw new UsageError("Give either --expired or a scope (--instance, --tag, --prefix, --all), not both");
  }
  const scope = expired
    ? "expired" as const
    : values.all
    ? "recorded" as const
    : parseAlarmScope("alarms unmute", { instance: values.instance, tag: values.tag, prefix: values.prefix });
  const aws = await connectAws(values);
  const identity = await identifyAccount(aws, values);
  const { alarms, instances } = alarmApis(aws);
  const dryRun = values["dry-run"] ?? false;
  const { plan, record } = await unmuteAlarms(alarms, instances, {
    scope,
    account: identity.account,
    region: identity.region,
    now: new Date(),
    dryRun,
  });
  if (values.json) {
    printJson({
      identity,
      dry_run: dryRun,
      unmuted: plan.enable,
      already_enabled: plan.alreadyEnabled,
      stay_disabled: plan.stayDisabled,
      gone: plan.gone,
      still_muted: Object.keys(plan.record.alarms).length,
    });
  } else console.log(formatUnmuteReport(plan, record, dryRun));
  return EXIT.ok;
}

async function drill(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(drillSpec, args);
  if (values.help) return printHelp(drillSpec);
  if (!values.alarm) throw new UsageError("Missing --alarm: give the alarm to fire, see deno task alarms list");
  const aws = await connectAws(values);
  const identity = await identifyAccount(aws, values);
  const { alarms } = alarmApis(aws);
  const [alarm] = await alarms.listByNames([values.alarm]);
  if (!alarm) throw new ActionError(`No alarm named ${values.alarm} in ${identity.region}: see deno task alarms list`);
  const effect = describeDrill(alarm);
  console.error(`warning: drill sets ${alarm.name} to ALARM; ${effect}`);
  if (!values.yes) {
    throw new UsageError(`Refusing to drill ${alarm.name} without --yes: ${effect}`);
  }
  await alarms.setState(alarm.name, "ALARM", `hostmend alarms drill by ${identity.arn}`);
  if (values.json) {
    printJson({
      identity,
      alarm: alarm.name,
      state: "ALARM",
      actions_enabled: alarm.actionsEnabled,
      actions: alarm.alarmActions,
    });
  } else {
    console.log(`${alarm.name} set to ALARM; CloudWatch sets it back from the metric at its next evaluation`);
  }
  return EXIT.ok;
}

if (import.meta.main) {
  runMain(spec.name, () => main(Deno.args).catch((error) => Promise.reject(awsActionError(error))));
}
