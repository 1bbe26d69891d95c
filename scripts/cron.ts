// deno task cron install | list | remove: hostmend's own tasks on a schedule, in /etc/cron.d/hostmend or as
// systemd timers.

import {
  EXIT,
  type MainContext,
  optionValue,
  parseDuration,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
  UsageError,
} from "../lib/cli/mod.ts";
import { applySchedule } from "../lib/schedule/apply_schedule.ts";
import { checkEntryName, checkMailto, checkTask } from "../lib/schedule/check_install_options.ts";
import type { CronDaemon } from "../lib/schedule/cron_daemon.ts";
import type { ScheduleEntry } from "../lib/schedule/job_command.ts";
import { parseSchedule } from "../lib/schedule/parse_schedule.ts";
import { planInstall, planList, planRemove, type SchedulePlan } from "../lib/schedule/plan_schedule.ts";
import { readScheduleHost } from "../lib/schedule/read_schedule_host.ts";
import { formatScheduleList, formatScheduleReport } from "../lib/schedule/schedule_report.ts";
import { scheduleTarget, type WhereValues } from "../lib/schedule/schedule_target.ts";
import { splitArgs } from "../lib/schedule/split_args.ts";
import { checkTimeZone } from "../lib/schedule/time_zone.ts";

const INSTALL_DIR = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

const where = {
  "cron-dir": {
    type: "string",
    value: "DIR",
    default: "/etc/cron.d",
    description: "directory of the cron file `hostmend` (another directory for tests or staging)",
  },
  "unit-dir": {
    type: "string",
    value: "DIR",
    default: "/etc/systemd/system",
    description: "directory of the systemd units with --systemd",
  },
  systemd: { type: "boolean", description: "systemd .service/.timer pairs instead of the cron file" },
  daemon: {
    type: "string",
    value: "KIND",
    default: "auto",
    description: "cron daemon: cronie (has CRON_TZ), debian (has not) or auto (from os-release)",
  },
  "system-tz": { type: "string", value: "ZONE", description: "the host's time zone (default: detected)" },
} as const;

/** `cron install`. */
export const installSpec = {
  name: "cron install",
  summary: "Schedule a hostmend task (writes /etc/cron.d/hostmend, or a systemd timer with --systemd)",
  description: `
Validates the five-field schedule and the time zone, shows the next five runs in that zone (and any daylight-saving
gap or repeat within a year), and writes one marked entry. With cronie (RHEL, Amazon Linux) the entry gets CRON_TZ=;
Debian's cron has none, so the schedule is converted to the system time zone (exact, or a warning). The job runs
"cd INSTALL_DIR && flock -n -E 75 /run/lock/hostmend-cron-NAME.lock DENO task TASK ARGS", logs its exit code, and sends
all output to syslog/journal with tag hostmend. Writes atomically and only when the content differs.`,
  options: {
    task: { type: "string", value: "TASK", description: "the hostmend task to run, e.g. disk-clean (required)" },
    args: {
      type: "string",
      dashValue: true,
      value: "ARGS",
      description: 'its arguments as one string, e.g. "--if-above 80%" (default: none)',
    },
    schedule: {
      type: "string",
      value: "CRON",
      description: 'five fields: minute hour day-of-month month day-of-week, e.g. "0 3 * * *" (required)',
    },
    tz: { type: "string", value: "ZONE", description: "IANA time zone of the schedule (default: the system's)" },
    name: { type: "string", value: "NAME", description: "entry name (default: the task); one entry per name" },
    mailto: {
      type: "string",
      value: "ADDR",
      description: 'MAILTO of the entry (default "": no mail, output goes to syslog)',
    },
    "random-delay": {
      type: "string",
      value: "DURATION",
      default: "0",
      description: "RandomizedDelaySec= of a timer, e.g. 5min (with --systemd)",
    },
    "install-dir": {
      type: "string",
      value: "DIR",
      description: "hostmend's directory with deno.json (default: this checkout)",
    },
    deno: { type: "string", value: "PATH", description: "the deno binary (default: the one running now)" },
    ...where,
    "dry-run": { type: "boolean", description: "print the plan and the file(s), change nothing" },
  },
  examples: [
    'deno task cron install --task disk-clean --args "--if-above 80%" --schedule "0 3 * * *" --tz Asia/Tokyo',
    'deno task cron install --task journal-vacuum --args "--time 3days" --schedule "30 4 * * 0" --systemd --dry-run',
  ],
} as const satisfies TaskSpec;

/** `cron list`. */
export const listSpec = {
  name: "cron list",
  summary: "Show hostmend's scheduled entries with their next runs",
  options: where,
  examples: ["deno task cron list", "deno task cron list --systemd --json"],
} as const satisfies TaskSpec;

/** `cron remove`. */
export const removeSpec = {
  name: "cron remove",
  summary: "Remove scheduled entries that hostmend wrote (and nothing else)",
  usage: "NAME... | --all",
  options: {
    all: { type: "boolean", description: "remove every hostmend entry" },
    ...where,
    "dry-run": { type: "boolean", description: "print what would be removed, change nothing" },
  },
  positionals: { min: 0, max: 50, name: "NAME" },
  examples: ["deno task cron remove disk-clean", "deno task cron remove --all --systemd"],
} as const satisfies TaskSpec;

/** The task as a whole: `cron SUBCOMMAND [options]`. */
export const spec = {
  name: "cron",
  summary: "Install, list or remove scheduled hostmend tasks (cron.d or systemd timers)",
  usage: "install|list|remove [options]",
  description: `
Subcommands (each has its own --help):
  install   schedule a task: --task, --schedule, --tz, --args
  list      show hostmend's entries and their next runs
  remove    remove entries hostmend wrote`,
  options: {},
  positionals: { min: 0, max: 1, name: "SUBCOMMAND" },
  examples: [
    'deno task cron install --task disk-clean --args "--if-above 80%" --schedule "0 3 * * *" --tz Asia/Tokyo',
    "deno task cron list",
    "deno task cron remove disk-clean",
  ],
} as const satisfies TaskSpec;

/** Runs `cron` with `args`; returns the exit code. */
export async function main(args: string[], _ctx: MainContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "install") return await install(rest);
  if (sub === "list") return await list(rest);
  if (sub === "remove") return await remove(rest);
  const { values } = parseTaskArgs(spec, args.filter((a) => a.startsWith("-")));
  if (values.help) return printHelp(spec);
  if (sub === undefined) {
    throw new UsageError("Missing subcommand: use install, list or remove (see deno task cron --help)");
  }
  throw new UsageError(`Unknown subcommand "${sub}": use install, list or remove (see deno task cron --help)`);
}

async function install(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(installSpec, args);
  if (values.help) return printHelp(installSpec);
  if (!values.task) throw new UsageError("Missing --task: name the hostmend task to schedule, e.g. --task disk-clean");
  if (values.schedule === undefined) {
    throw new UsageError('Missing --schedule: give five fields, like --schedule "0 3 * * *"');
  }
  const schedule = optionValue("--schedule", values.schedule, parseSchedule);
  const name = checkEntryName(values.name ?? values.task);
  const installDir = values["install-dir"] ?? INSTALL_DIR;
  await checkTask(values.task, installDir);
  const host = await readScheduleHost(values);
  const tz = values.tz === undefined ? host.systemTz : optionValue("--tz", values.tz, checkTimeZone);
  const entry: ScheduleEntry = {
    name,
    task: values.task,
    args: optionValue("--args", values.args ?? "", splitArgs),
    schedule: schedule.source,
    tz,
    mailto: checkMailto(values.mailto ?? ""),
    installDir,
    deno: values.deno ?? Deno.execPath(),
  };
  host.randomDelaySec = optionValue("--random-delay", values["random-delay"] ?? "0", parseDuration);
  const plan = optionValue("--schedule", "", () => planInstall(entry, scheduleTarget(values), host));
  return await finish(plan, values, host.daemon);
}

async function list(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(listSpec, args);
  if (values.help) return printHelp(listSpec);
  const host = await readScheduleHost(values);
  const target = scheduleTarget(values);
  const plan = planList(target, host);
  if (values.json) printJson(plan);
  else console.log(formatScheduleList(plan, target.kind === "cron" ? target.path : `${target.dir}/hostmend-*.timer`));
  return EXIT.ok;
}

async function remove(args: string[]): Promise<number> {
  const { values, positionals } = parseTaskArgs(removeSpec, args);
  if (values.help) return printHelp(removeSpec);
  if (!positionals.length && !values.all) {
    throw new UsageError("Name the entries to remove, or --all: see deno task cron list");
  }
  const host = await readScheduleHost(values);
  const plan = planRemove(values.all ? [] : positionals, scheduleTarget(values), host);
  return await finish(plan, values, host.daemon);
}

/** Applies the plan (root needed only for the default directories), then reports it. */
async function finish(
  plan: SchedulePlan,
  values: WhereValues & { "dry-run": boolean | undefined; json: boolean },
  daemon: CronDaemon,
): Promise<number> {
  const dryRun = Boolean(values["dry-run"]);
  const defaults = plan.target === "cron"
    ? values["cron-dir"] === "/etc/cron.d"
    : values["unit-dir"] === "/etc/systemd/system";
  const applied = await applySchedule(plan, { dryRun, defaults });
  if (values.json) {
    const { changes, commands, notes } = applied;
    printJson({ ...plan, dry_run: dryRun, daemon, changed: changes.length > 0, commands, notes });
  } else console.log(formatScheduleReport(plan, applied, { dryRun, daemon }));
  return EXIT.ok;
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
