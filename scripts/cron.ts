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
import { readTextIfExists, writeFileAtomic } from "../lib/host/atomic_write.ts";
import { readOsRelease } from "../lib/host/os_release.ts";
import { requireRoot } from "../lib/host/privileges.ts";
import { runCommand, which } from "../lib/host/run_command.ts";
import { type CronDaemon, detectCronDaemon } from "../lib/schedule/cron_daemon.ts";
import type { ScheduleEntry } from "../lib/schedule/job_command.ts";
import { parseSchedule } from "../lib/schedule/parse_schedule.ts";
import {
  planInstall,
  planList,
  planRemove,
  type ScheduleHost,
  type SchedulePlan,
  type ScheduleTarget,
} from "../lib/schedule/plan_schedule.ts";
import { splitArgs } from "../lib/schedule/split_args.ts";
import { checkTimeZone, systemTimeZone } from "../lib/schedule/time_zone.ts";

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
  const name = values.name ?? values.task;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UsageError(`Invalid --name "${name}": use lower-case letters, digits and -`);
  }
  const installDir = values["install-dir"] ?? INSTALL_DIR;
  await checkTask(values.task, installDir);
  const host = await hostFacts(values);
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
  const target = targetOf(values);
  const plan = optionValue("--schedule", "", () => planInstall(entry, target, host));
  return await finish(plan, values, host.daemon);
}

async function list(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(listSpec, args);
  if (values.help) return printHelp(listSpec);
  const host = await hostFacts(values);
  const plan = planList(targetOf(values), host);
  if (values.json) printJson(plan);
  else {
    const where = targetOf(values);
    const place = where.kind === "cron" ? where.path : `${where.dir}/hostmend-*.timer`;
    if (!plan.entries.length) console.log(`No hostmend entries in ${place}`);
    for (const e of plan.entries) printEntry(e);
  }
  return EXIT.ok;
}

async function remove(args: string[]): Promise<number> {
  const { values, positionals } = parseTaskArgs(removeSpec, args);
  if (values.help) return printHelp(removeSpec);
  if (!positionals.length && !values.all) {
    throw new UsageError("Name the entries to remove, or --all: see deno task cron list");
  }
  const host = await hostFacts(values);
  const plan = planRemove(values.all ? [] : positionals, targetOf(values), host);
  return await finish(plan, values, host.daemon);
}

type WhereValues = {
  "cron-dir": string | undefined;
  "unit-dir": string | undefined;
  systemd: boolean | undefined;
  daemon: string | undefined;
  "system-tz": string | undefined;
};

function targetOf(values: WhereValues): ScheduleTarget {
  return values.systemd
    ? { kind: "systemd", dir: trimSlash(values["unit-dir"]!) }
    : { kind: "cron", path: `${trimSlash(values["cron-dir"]!)}/hostmend` };
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

async function hostFacts(values: WhereValues): Promise<ScheduleHost> {
  const kind = values.daemon ?? "auto";
  let daemon: CronDaemon;
  if (kind === "cronie") daemon = { kind: "cronie", cronTz: true, reason: "--daemon cronie: CRON_TZ is honoured" };
  else if (kind === "debian") daemon = { kind: "debian", cronTz: false, reason: "--daemon debian: no CRON_TZ" };
  else if (kind === "auto") {
    daemon = await detectCronDaemon(await readOsRelease(), async (p) => (await which(p)) !== undefined);
  } else throw new UsageError(`Invalid --daemon "${kind}": use cronie, debian or auto`);
  const systemTz = values["system-tz"]
    ? optionValue("--system-tz", values["system-tz"], checkTimeZone)
    : await systemTimeZone();
  const files = new Map<string, string>();
  const target = targetOf(values);
  if (target.kind === "cron") {
    const text = await readTextIfExists(target.path);
    if (text !== undefined) files.set(target.path, text);
  } else {
    try {
      for await (const e of Deno.readDir(target.dir)) {
        if (!/^hostmend-[a-z0-9-]+\.(service|timer)$/.test(e.name)) continue;
        files.set(`${target.dir}/${e.name}`, await Deno.readTextFile(`${target.dir}/${e.name}`));
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return { daemon, systemTz, now: new Date(), randomDelaySec: 0, files };
}

async function checkTask(task: string, installDir: string): Promise<void> {
  let tasks: Record<string, unknown>;
  try {
    tasks = JSON.parse(await Deno.readTextFile(`${installDir}/deno.json`)).tasks ?? {};
  } catch {
    throw new UsageError(`No hostmend deno.json in ${installDir}: give --install-dir, the directory hostmend is in`);
  }
  if (["cron", "test", "lint"].includes(task) || !(task in tasks)) {
    const known = Object.keys(tasks).filter((t) => !["cron", "test", "lint"].includes(t));
    throw new UsageError(`Unknown --task "${task}": use one of ${known.join(", ")}`);
  }
}

function checkMailto(value: string): string {
  if (/[\s"'`$\\]/.test(value)) {
    throw new UsageError(`Invalid --mailto "${value}": give one address (or a comma-separated list without spaces)`);
  }
  return value;
}

async function finish(
  plan: SchedulePlan,
  values: WhereValues & { "dry-run": boolean | undefined; json: boolean },
  daemon: CronDaemon,
): Promise<number> {
  const dryRun = Boolean(values["dry-run"]);
  const defaults = plan.target === "cron"
    ? values["cron-dir"] === "/etc/cron.d"
    : values["unit-dir"] === "/etc/systemd/system";
  const changes = plan.files.filter((f) => f.changed);
  const systemdUp = plan.target === "systemd" && await isSystemdRunning();
  const commands: string[][] = [];
  if (plan.target === "systemd" && changes.length) {
    const timers = plan.entries.map((e) => `hostmend-${e.name}.timer`);
    if (plan.action === "remove") commands.push(["systemctl", "disable", "--now", ...timers]);
    commands.push(["systemctl", "daemon-reload"]);
    if (plan.action === "install") commands.push(["systemctl", "enable", "--now", ...timers]);
  }
  const notes: string[] = [];
  if (!dryRun && changes.length) {
    if (defaults) requireRoot("cron", "write /etc/cron.d or /etc/systemd/system");
    if (systemdUp && plan.action === "remove") await runCommand(commands[0]!);
    for (const f of changes) {
      if (f.content === null) await Deno.remove(f.path).catch(ignoreNotFound);
      else {
        await Deno.mkdir(f.path.slice(0, f.path.lastIndexOf("/")), { recursive: true });
        await writeFileAtomic(f.path, f.content, { mode: 0o644 });
        const info = await Deno.stat(f.path);
        if (info.uid !== 0) notes.push(`${f.path} is not owned by root: cron daemons ignore such a file`);
      }
    }
    if (systemdUp) {
      for (const c of commands.slice(plan.action === "remove" ? 1 : 0)) await runCommand(c);
    } else if (commands.length) {
      notes.push(`systemd is not running here: run ${commands.map((c) => c.join(" ")).join(" && ")} where it is`);
    }
  }
  if (values.json) {
    printJson({ ...plan, dry_run: dryRun, daemon, changed: changes.length > 0, commands, notes });
    return EXIT.ok;
  }
  const verb = dryRun ? "would" : "did";
  for (const e of plan.entries) printEntry(e);
  if (plan.target === "cron" && plan.action === "install") console.log(`cron daemon: ${daemon.reason}`);
  for (const m of plan.missing) console.log(`not found (hostmend did not write it): ${m}`);
  for (const w of plan.warnings) console.log(`warning: ${w}`);
  if (!changes.length) console.log("Nothing to change: the files already say this");
  for (const f of changes) {
    console.log(
      `${verb} ${f.content === null ? "remove" : "write"} ${f.path}${f.content === null ? "" : " (mode 0644)"}`,
    );
    if (dryRun && f.content !== null) console.log(`----- ${f.path}\n${f.content}-----`);
  }
  if (dryRun && commands.length) console.log(`would run: ${commands.map((c) => c.join(" ")).join(" && ")}`);
  for (const n of notes) console.log(`note: ${n}`);
  return EXIT.ok;
}

function printEntry(e: SchedulePlan["entries"][number]): void {
  console.log(`${e.name}: deno task ${[e.task, ...e.args].join(" ")}`);
  const written = e.written !== e.schedule ? `, written as "${e.written}"` : "";
  console.log(`  schedule "${e.schedule}" in ${e.tz}${written}`);
  if (e.on_calendar) { for (const c of e.on_calendar) console.log(`  OnCalendar=${c}`); }
  console.log("  next runs:");
  for (const r of e.next_runs) {
    console.log(`    ${r.local}   ${r.utc.replace(".000Z", "Z")}${r.note ? `   (${r.note})` : ""}`);
  }
  for (const n of e.dst_notes) console.log(`  daylight saving: ${n}`);
}

async function isSystemdRunning(): Promise<boolean> {
  try {
    return (await Deno.stat("/run/systemd/system")).isDirectory;
  } catch {
    return false;
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
