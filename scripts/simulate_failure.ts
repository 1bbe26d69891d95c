// deno task simulate-failure: rehearse a failure on this host, with the undo arranged before the damage — an
// interface down for a while (the instance status check fails), or a filesystem filled to rehearse disk-clean.

import {
  ActionError,
  EXIT,
  formatSize,
  type MainContext,
  optionValue,
  parseDuration,
  parsePercent,
  parseSize,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
  UsageError,
} from "../lib/cli/mod.ts";
import { requireRoot } from "../lib/host/privileges.ts";
import { formatArgv, runCommand, which } from "../lib/host/run_command.ts";
import { checkInterface, checkInterfaceName } from "../lib/drill/check_interface.ts";
import { deferredArgv } from "../lib/drill/deferred_command.ts";
import { planInterfaceDrill } from "../lib/drill/plan_interface_drill.ts";
import { parseDf, planFillDisk } from "../lib/drill/plan_fill_disk.ts";
import { formatRemovedFillFiles, removeFillFiles } from "../lib/drill/remove_fill_files.ts";
import { restoreMethod } from "../lib/drill/restore_method.ts";

/** The task's options. */
export const spec = {
  name: "simulate-failure",
  summary: "Drill a failure on this host: an interface down for a while, or a filling disk",
  description: `
--interface IF takes IF down for --for (default 120s) after first arranging its restore in a way that survives the
SSH session dying: a transient systemd timer (systemd-run) where systemd runs, otherwise a detached process
(setsid sh -c 'sleep N; ip link set dev IF up'). The instance status check then fails, and a reboot alarm may reboot
the instance. --fill-disk DIR fills DIR's filesystem with one file, hostmend-fill-<time>.bin (never past 99% use),
removed after --for if given, or by --fill-disk DIR --cleanup. Both change the host: they need --yes (or --dry-run).`,
  options: {
    interface: { type: "string", value: "IF", description: "network interface to take down, e.g. eth0" },
    for: {
      type: "string",
      value: "DURATION",
      description: "how long the failure lasts, e.g. 120s, 5min (interface: default 120s, at most 1h)",
    },
    "fill-disk": { type: "string", value: "DIR", description: "fill the filesystem holding DIR (a file in DIR)" },
    size: { type: "string", value: "SIZE", description: "with --fill-disk: how much to write, e.g. 2G" },
    to: { type: "string", value: "PERCENT", description: "with --fill-disk: fill up to this use, e.g. 95%" },
    cleanup: { type: "boolean", description: "with --fill-disk: remove the hostmend-fill-*.bin files in DIR" },
    "restore-via": {
      type: "string",
      value: "HOW",
      default: "auto",
      description: "how the undo is arranged: systemd-run, setsid or auto",
    },
    yes: { type: "boolean", description: "really do it (without it, the plan is shown and nothing changes)" },
    "dry-run": { type: "boolean", description: "print the plan and the exact commands, change nothing" },
  },
  examples: [
    "deno task simulate-failure --interface eth0 --for 120s --dry-run",
    "sudo deno task simulate-failure --interface eth0 --for 120s --yes",
    "deno task simulate-failure --fill-disk /var/tmp --to 90% --for 30min --yes",
    "deno task simulate-failure --fill-disk /var/tmp --cleanup",
  ],
} as const satisfies TaskSpec;

type Values = ReturnType<typeof parseTaskArgs<typeof spec>>["values"];

/** Runs the task with `args`; returns the exit code. */
export async function main(args: string[], _ctx: MainContext): Promise<number> {
  const { values } = parseTaskArgs(spec, args);
  if (values.help) return printHelp(spec);
  if (values.interface !== undefined && values["fill-disk"] !== undefined) {
    throw new UsageError("Give --interface or --fill-disk, not both: one drill at a time");
  }
  if (values.interface !== undefined) return await interfaceDrill(values.interface, values);
  if (values["fill-disk"] !== undefined) return await fillDisk(values["fill-disk"], values);
  throw new UsageError("Nothing to drill: give --interface IF or --fill-disk DIR (see --help)");
}

async function interfaceDrill(name: string, values: Values): Promise<number> {
  checkInterfaceName(name);
  const seconds = optionValue("--for", values.for ?? "120s", parseDuration);
  if (seconds < 1 || seconds > 3600) throw new UsageError(`Invalid --for "${values.for}": use 1s to 1h`);
  const ip = (await which("ip")) ?? "/usr/sbin/ip";
  await checkInterface(name, ip);
  const method = await restoreMethod(values["restore-via"] ?? "auto");
  const plan = planInterfaceDrill(name, Math.round(seconds), ip, method, new Date());
  const dryRun = Boolean(values["dry-run"]);
  if (!dryRun && !values.yes) {
    if (!values.json) console.log([`simulate-failure would, on this host:`, ...plan.story].join("\n"));
    throw new UsageError(`Refusing to take ${name} down without --yes: read the plan above, or add --dry-run`);
  }
  if (dryRun) {
    if (values.json) printJson({ ...plan, dry_run: true, done: false });
    else {
      console.log([`simulate-failure --dry-run: nothing changes. The plan:`, ...plan.story].join("\n"));
      console.log(`commands:\n  ${formatArgv(plan.restore)}\n  ${formatArgv(plan.down)}`);
    }
    return EXIT.ok;
  }
  requireRoot("simulate-failure", `take ${name} down`);
  // Said before acting: over SSH through this interface, nothing printed afterwards arrives.
  if (!values.json) console.log(["simulate-failure, now:", ...plan.story].join("\n"));
  const armed = await runCommand(plan.restore);
  if (method.kind === "setsid" && !/^armed \d+$/m.test(armed.stdout)) {
    throw new ActionError(`The restore of ${name} could not be confirmed running: ${name} left up, nothing changed`);
  }
  await runCommand(plan.down);
  if (values.json) printJson({ ...plan, dry_run: false, done: true });
  else {
    console.log(`${name} is down. It comes back up at ${plan.restore_at} (in ${plan.seconds}s) via ${method.kind},`);
    console.log(`even if this session dies. A reboot alarm may reboot the instance first.`);
  }
  return EXIT.ok;
}

async function fillDisk(dir: string, values: Values): Promise<number> {
  const info = await Deno.stat(dir).catch(() => undefined);
  if (!info?.isDirectory) throw new UsageError(`Invalid --fill-disk "${dir}": not a directory`);
  const dryRun = Boolean(values["dry-run"]);
  if (values.cleanup) return await cleanup(dir, dryRun, values.json);
  if ((values.size === undefined) === (values.to === undefined)) {
    throw new UsageError("Give --size (e.g. 2G) or --to (e.g. 95%) with --fill-disk");
  }
  const want = values.size !== undefined
    ? { bytes: optionValue("--size", values.size, parseSize) }
    : { toPercent: optionValue("--to", values.to!, parsePercent) };
  const seconds = values.for === undefined ? undefined : optionValue("--for", values.for, parseDuration);
  const df = parseDf((await runCommand(["df", "-B1", "--output=size,used,avail,target", dir])).stdout);
  const plan = optionValue(
    values.size !== undefined ? "--size" : "--to",
    "",
    () => planFillDisk(dir, df, want, new Date()),
  );
  const method = seconds === undefined ? undefined : await restoreMethod(values["restore-via"] ?? "auto");
  const remove = method && seconds !== undefined
    ? deferredArgv(method, Math.round(seconds), ["rm", "-f", plan.file], `hostmend-unfill-${Date.now()}`)
    : undefined;
  const story = [
    `fill ${plan.mount} from ${plan.use_before}% to ${plan.use_after}% with ${formatSize(plan.bytes)} in ${plan.file}`,
    remove
      ? `remove it after ${seconds}s (${method!.kind}: ${method!.reason})`
      : `remove it with: deno task simulate-failure --fill-disk ${dir} --cleanup`,
  ];
  if (!dryRun && !values.yes) {
    if (!values.json) console.log(["simulate-failure would:", ...story].join("\n"));
    throw new UsageError(`Refusing to fill ${plan.mount} without --yes: read the plan above, or add --dry-run`);
  }
  if (!dryRun) {
    if (remove) await runCommand(remove);
    await runCommand(plan.fill);
  }
  if (values.json) printJson({ ...plan, remove: remove ?? null, dry_run: dryRun, done: !dryRun });
  else {
    console.log([dryRun ? "simulate-failure --dry-run: nothing changes. The plan:" : "done:", ...story].join("\n"));
    if (dryRun) console.log(`commands:\n${remove ? `  ${formatArgv(remove)}\n` : ""}  ${formatArgv(plan.fill)}`);
  }
  return EXIT.ok;
}

async function cleanup(dir: string, dryRun: boolean, json: boolean): Promise<number> {
  const result = await removeFillFiles(dir, dryRun);
  if (json) printJson(result);
  else console.log(formatRemovedFillFiles(dir, result));
  return EXIT.ok;
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
