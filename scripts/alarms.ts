// deno task alarms <ensure|list|mute|unmute|drill>: status-check alarms that heal instances, and silencing them.

import {
  ActionError,
  createProgress,
  EXIT,
  formatTable,
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
import type { AlarmPlan } from "../lib/aws/alarm_types.ts";
import { type AlarmScope, findScopedAlarms } from "../lib/aws/alarm_scope.ts";
import { awsActionError, createAwsContext } from "../lib/aws/aws_context.ts";
import { type AwsIdentity, checkAccount, formatIdentity } from "../lib/aws/check_account.ts";
import { cloudWatchAlarms } from "../lib/aws/cloudwatch_alarms.ts";
import { ec2Instances, type InstanceSelector } from "../lib/aws/ec2_instances.ts";
import { applyAlarmPlan, planEnsureAlarms } from "../lib/aws/ensure_alarms.ts";
import { readMuteRecord } from "../lib/aws/mute_store.ts";
import { muteAlarms } from "../lib/aws/mute_alarms.ts";
import { unmuteAlarms } from "../lib/aws/unmute_alarms.ts";
import { createPacer, writeRateFromEnv } from "../lib/aws/pacer.ts";
import { checkAlarmOptions, DEFAULT_ALARM_SETTINGS } from "../lib/aws/plan_instance_alarms.ts";

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

type Account = { profile?: string; region?: string; "expect-account"?: string };

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

// ---- shared steps ------------------------------------------------------------------------------------------------

function checkAccountOptions(values: Account): void {
  const id = values["expect-account"];
  if (id !== undefined && !/^\d{12}$/.test(id)) {
    throw new UsageError(`Invalid --expect-account "${id}": give the 12-digit account id`);
  }
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region)) {
    throw new UsageError(`Invalid --region "${values.region}": use a region name like us-east-1`);
  }
}

async function connect(values: Account) {
  checkAccountOptions(values);
  return await createAwsContext({
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values.region ? { region: values.region } : {}),
  });
}

async function identify(aws: Awaited<ReturnType<typeof connect>>, values: Account): Promise<AwsIdentity> {
  const identity = await checkAccount(aws, values["expect-account"] ? { expectAccount: values["expect-account"] } : {});
  console.error(formatIdentity(identity));
  return identity;
}

function parseTag(text: string): { key: string; value: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new RangeError(`"${text}" is not KEY=VALUE, like Role=web`);
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

function checkInstanceIds(ids: string[]): string[] {
  for (const id of ids) {
    if (!/^i-[0-9a-f]{8,17}$/.test(id)) throw new UsageError(`Invalid --instance "${id}": use an id like i-0abc1234`);
  }
  return ids;
}

function exactlyOne(task: string, given: Record<string, unknown>): string {
  const set = Object.entries(given).filter(([, v]) =>
    v !== undefined && v !== false && !(Array.isArray(v) && !v.length)
  );
  if (set.length !== 1) {
    const names = Object.keys(given).map((k) => `--${k}`).join(", ");
    throw new UsageError(
      set.length
        ? `Give only one of ${names}: ${task} got ${set.map(([k]) => `--${k}`).join(" and ")}`
        : `Missing scope: give one of ${names}`,
    );
  }
  return set[0]![0];
}

function scopeOf(
  task: string,
  values: { instance?: string[]; tag?: string; prefix?: string; all?: boolean },
): AlarmScope {
  const which = exactlyOne(task, {
    instance: values.instance,
    tag: values.tag,
    prefix: values.prefix,
    all: values.all,
  });
  if (which === "instance") return { kind: "instances", ids: checkInstanceIds(values.instance!) };
  if (which === "tag") return { kind: "tag", ...optionValue("--tag", values.tag!, parseTag) };
  if (which === "prefix") {
    if (!values.prefix) throw new UsageError("Invalid --prefix: give a non-empty alarm name prefix");
    return { kind: "prefix", prefix: values.prefix };
  }
  return { kind: "prefix", prefix: ALARM_PREFIX };
}

function apis(aws: Awaited<ReturnType<typeof connect>>) {
  let rate: number;
  try {
    rate = writeRateFromEnv();
  } catch (error) {
    throw new UsageError(`Invalid ${(error as Error).message}: unset it for AWS's 3 per second`, { cause: error });
  }
  const pacer = createPacer(rate);
  return { alarms: cloudWatchAlarms(aws.cloudwatch, pacer), instances: ec2Instances(aws.ec2) };
}

// ---- ensure ------------------------------------------------------------------------------------------------------

async function ensure(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(ensureSpec, args);
  if (values.help) return printHelp(ensureSpec);
  const which = exactlyOne("alarms ensure", { instance: values.instance, tag: values.tag, all: values.all });
  const selector: InstanceSelector = which === "instance"
    ? { kind: "ids", ids: checkInstanceIds(values.instance!) }
    : which === "tag"
    ? { kind: "tag", ...optionValue("--tag", values.tag!, parseTag) }
    : { kind: "all" };
  for (const arn of values.notify ?? []) {
    if (!/^arn:[\w-]+:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(arn)) {
      throw new UsageError(
        `Invalid --notify "${arn}": give an SNS topic ARN like arn:aws:sns:us-east-1:123456789012:ops`,
      );
    }
  }
  const settings = {
    statistic: optionValue("--statistic", values.statistic!, parseStatistic),
    period: optionValue("--period", values.period!, parsePeriod),
    evaluationPeriods: optionValue("--evaluation-periods", values["evaluation-periods"]!, (t) => parseWhole(t, 1)),
    threshold: optionValue("--threshold", values.threshold!, parseNumber),
    comparisonOperator: optionValue("--comparison", values.comparison!, parseComparison),
    systemMetric: values["system-metric"] ?? DEFAULT_ALARM_SETTINGS.systemMetric,
    instanceMetric: values["instance-metric"] ?? DEFAULT_ALARM_SETTINGS.instanceMetric,
  };
  const aws = await connect(values);
  const options = {
    region: aws.region,
    notify: values.notify ?? [],
    settings,
    selector,
    prune: values.prune ?? false,
  };
  // AWS's rules (recover only on StatusCheckFailed_System, at most 5 actions) are checked before any call.
  try {
    checkAlarmOptions(options);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`Refused: ${error.message}`, { cause: error });
    throw error;
  }
  for (const arn of options.notify) {
    const [, partition, , region] = arn.split(":");
    if (partition !== aws.partition || region !== aws.region) {
      throw new UsageError(
        `Invalid --notify "${arn}": an alarm can only notify a topic of its own region, ${aws.partition} ${aws.region}`,
      );
    }
  }
  const identity = await identify(aws, values);
  const { alarms, instances } = apis(aws);
  const { instances: found, plan } = await planEnsureAlarms(instances, alarms, options);
  const dryRun = values["dry-run"] ?? false;
  const writes = plan.create.length + plan.update.length + plan.delete.length;
  if (!values.json) printPlan(plan, found.length, dryRun);
  if (dryRun || writes === 0) {
    if (values.json) {
      printJson({ identity, dry_run: dryRun, instances: found.length, plan: planJson(plan), result: null });
    }
    return EXIT.ok;
  }
  const progress = createProgress();
  const result = await applyAlarmPlan(plan, alarms, (done, total) => progress.update(`alarms: ${done}/${total}`));
  progress.done();
  if (values.json) {
    printJson({
      identity,
      dry_run: false,
      instances: found.length,
      plan: planJson(plan),
      result: {
        created: result.created,
        updated: result.updated,
        deleted: result.deleted,
        failed: result.failed,
        write_calls: result.writeCalls,
      },
    });
  } else {
    console.log(
      `done: ${result.created.length} created, ${result.updated.length} updated, ${result.deleted.length} deleted, ` +
        `${result.failed.length} failed (${result.writeCalls} write calls)`,
    );
    for (const f of result.failed) console.log(`failed: ${f.name}: ${f.error}`);
  }
  if (result.failed.length) {
    throw new ActionError(
      `${result.failed.length} alarm(s) could not be written: run it again to finish, it only does what is left`,
    );
  }
  return EXIT.ok;
}

function printPlan(plan: AlarmPlan, instances: number, dryRun: boolean): void {
  const rows = [["CHANGE", "ALARM", "ACTIONS / DETAIL"]];
  for (const a of plan.create) rows.push(["create", a.name, actionLabel(a.alarmActions)]);
  for (const u of plan.update) rows.push(["update", u.alarm.name, u.changes.join("; ")]);
  for (const d of plan.delete) rows.push(["delete", d.name, d.reason]);
  console.log(
    `${
      dryRun ? "plan (dry run, nothing changed)" : "plan"
    }: ${instances} instance(s); ${plan.create.length} to create, ` +
      `${plan.update.length} to update, ${plan.unchanged.length} unchanged, ${plan.delete.length} to delete`,
  );
  if (rows.length > 1) console.log(formatTable(rows));
  for (const n of plan.notes) console.log(`note: ${n.instanceId}: ${n.note}`);
}

function planJson(plan: AlarmPlan) {
  return {
    create: plan.create.map((a) => ({
      name: a.name,
      instance_id: a.instanceId,
      check: a.check,
      action: a.action,
      metric: a.metricName,
      alarm_actions: a.alarmActions,
      ...(a.why ? { why: a.why } : {}),
    })),
    update: plan.update.map((u) => ({
      name: u.alarm.name,
      instance_id: u.alarm.instanceId,
      action: u.alarm.action,
      changes: u.changes,
    })),
    unchanged: plan.unchanged,
    delete: plan.delete.map((d) => ({ name: d.name, instance_id: d.instanceId, reason: d.reason })),
    notes: plan.notes.map((n) => ({ instance_id: n.instanceId, note: n.note })),
  };
}

function actionLabel(actions: string[]): string {
  if (!actions.length) return "(no actions: state only)";
  return actions.map((a) =>
    /:automate:[^:]+:ec2:(\w+)$/.exec(a)?.[1] ?? (a.includes(":sns:") ? `sns ${a.split(":").pop()}` : a)
  )
    .join(", ");
}

const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const COMPARISONS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
];

function parseStatistic(t: string): string {
  if (!STATISTICS.includes(t)) throw new RangeError(`"${t}" is not one of ${STATISTICS.join(", ")}`);
  return t;
}
function parseComparison(t: string): string {
  if (!COMPARISONS.includes(t)) throw new RangeError(`"${t}" is not one of ${COMPARISONS.join(", ")}`);
  return t;
}
function parseWhole(t: string, min: number): number {
  if (!/^\d+$/.test(t) || Number(t) < min) throw new RangeError(`"${t}" is not a whole number from ${min}`);
  return Number(t);
}
function parsePeriod(t: string): number {
  const n = parseWhole(t, 10);
  if (n !== 10 && n !== 30 && n % 60 !== 0) throw new RangeError(`"${t}" must be 10, 30 or a multiple of 60`);
  return n;
}
function parseNumber(t: string): number {
  const n = Number(t);
  if (t.trim() === "" || !Number.isFinite(n)) throw new RangeError(`"${t}" is not a number`);
  return n;
}

// ---- list --------------------------------------------------------------------------------------------------------

async function list(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(listSpec, args);
  if (values.help) return printHelp(listSpec);
  const scope = values.instance || values.tag || values.prefix
    ? scopeOf("alarms list", values)
    : { kind: "prefix" as const, prefix: ALARM_PREFIX };
  const aws = await connect(values);
  const identity = await identify(aws, values);
  const { alarms, instances } = apis(aws);
  const found = (await findScopedAlarms(scope, alarms, instances)).alarms;
  const record = await readMuteRecord(identity.account, identity.region);
  const rows = found.map((a) => ({
    name: a.name,
    state: a.stateValue,
    actions_enabled: a.actionsEnabled,
    action: actionLabel(a.alarmActions),
    alarm_actions: a.alarmActions,
    muted_until: record.alarms[a.name]?.until ?? null,
    muted_by_hostmend: Boolean(record.alarms[a.name]),
  }));
  if (values.json) {
    printJson({ identity, alarms: rows });
    return EXIT.ok;
  }
  if (!rows.length) {
    console.log("no alarms found");
    return EXIT.ok;
  }
  console.log(formatTable([
    ["ALARM", "STATE", "ACTIONS", "ACTION", "MUTED UNTIL"],
    ...rows.map((r) => [
      r.name,
      r.state,
      r.actions_enabled ? "enabled" : r.muted_by_hostmend ? "muted" : "disabled",
      r.action,
      r.muted_until ?? "",
    ]),
  ]));
  return EXIT.ok;
}

// ---- mute and unmute ---------------------------------------------------------------------------------------------

function accountArgs(values: Account): string[] {
  return [
    ...(values.profile ? ["--profile", values.profile] : []),
    ...(values.region ? ["--region", values.region] : []),
    ...(values["expect-account"] ? ["--expect-account", values["expect-account"]] : []),
  ];
}

function scopeArgs(values: { instance?: string[]; tag?: string; prefix?: string; all?: boolean }): string[] {
  if (values.instance?.length) return values.instance.flatMap((i) => ["--instance", i]);
  if (values.tag) return ["--tag", values.tag];
  if (values.prefix) return ["--prefix", values.prefix];
  return ["--all"];
}

async function mute(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(muteSpec, args);
  if (values.help) return printHelp(muteSpec);
  const scope = scopeOf("alarms mute", values);
  const seconds = values.for === undefined ? undefined : optionValue("--for", values.for, parseDuration);
  if (seconds !== undefined && seconds <= 0) throw new UsageError("Invalid --for: give a duration above zero, like 2h");
  const aws = await connect(values);
  const identity = await identify(aws, values);
  const { alarms, instances } = apis(aws);
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
    return EXIT.ok;
  }
  console.log(
    `${dryRun ? "would mute" : "muted"} ${plan.disable.length} alarm(s); ${plan.alreadyMuted.length} already muted ` +
      `by hostmend; ${plan.leftAlone.length} disabled by someone else left alone (unmute will not enable them)`,
  );
  for (const name of plan.disable) console.log(`  ${name}`);
  if (!found) console.log("no alarms found in that scope");
  console.log(`record: ${record}`);
  if (until) {
    console.log(
      `muted until ${until.toISOString()}: nothing unmutes them by itself. At that time run:\n  ${unmuteCommand}\n` +
        `or have cron run \`${expiredCommand}\` every few minutes`,
    );
  } else {
    console.log(`restore with:\n  ${unmuteCommand}`);
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
    : scopeOf("alarms unmute", { instance: values.instance, tag: values.tag, prefix: values.prefix });
  const aws = await connect(values);
  const identity = await identify(aws, values);
  const { alarms, instances } = apis(aws);
  const dryRun = values["dry-run"] ?? false;
  const { plan, record } = await unmuteAlarms(alarms, instances, {
    scope,
    account: identity.account,
    region: identity.region,
    now: new Date(),
    dryRun,
  });
  const left = Object.keys(plan.record.alarms).length;
  if (values.json) {
    printJson({
      identity,
      dry_run: dryRun,
      unmuted: plan.enable,
      already_enabled: plan.alreadyEnabled,
      stay_disabled: plan.stayDisabled,
      gone: plan.gone,
      still_muted: left,
    });
    return EXIT.ok;
  }
  console.log(
    `${dryRun ? "would unmute" : "unmuted"} ${plan.enable.length} alarm(s); ${plan.alreadyEnabled.length} already ` +
      `enabled; ${plan.stayDisabled.length} left disabled (not muted by hostmend); ${plan.gone.length} gone`,
  );
  for (const name of plan.enable) console.log(`  ${name}`);
  if (left) console.log(`${left} alarm(s) still muted, recorded in ${record}`);
  return EXIT.ok;
}

// ---- drill -------------------------------------------------------------------------------------------------------

async function drill(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(drillSpec, args);
  if (values.help) return printHelp(drillSpec);
  if (!values.alarm) throw new UsageError("Missing --alarm: give the alarm to fire, see deno task alarms list");
  const aws = await connect(values);
  const identity = await identify(aws, values);
  const { alarms } = apis(aws);
  const [alarm] = await alarms.listByNames([values.alarm]);
  if (!alarm) throw new ActionError(`No alarm named ${values.alarm} in ${identity.region}: see deno task alarms list`);
  const what = actionLabel(alarm.alarmActions);
  const instance = alarm.dimensions.find((d) => d.name === "InstanceId")?.value ?? "its resource";
  const effect = !alarm.actionsEnabled
    ? `its actions are disabled (muted), so only its state changes; nothing happens to ${instance}`
    : alarm.alarmActions.some((a) => a.endsWith(":ec2:recover"))
    ? `this really recovers ${instance}: it is stopped and started on new hardware (${what})`
    : alarm.alarmActions.some((a) => a.endsWith(":ec2:reboot"))
    ? `this really reboots ${instance} (${what})`
    : `this runs its actions: ${what}`;
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
