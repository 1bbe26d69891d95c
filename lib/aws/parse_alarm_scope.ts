// Which alarms or instances an `alarms` subcommand is about, from exactly one of --instance, --tag, --prefix
// and --all; and the same scope written back as arguments for the command that undoes it.

import { UsageError } from "../cli/errors.ts";
import { optionValue } from "../cli/parse_task_args.ts";
import { ALARM_PREFIX } from "./alarm_names.ts";
import type { AlarmScope } from "./alarm_scope.ts";
import type { InstanceSelector } from "./ec2_instances.ts";

/** The scope options of `alarms list`, `mute` and `unmute`. */
export interface ScopeValues {
  instance?: string[];
  tag?: string;
  prefix?: string;
  all?: boolean;
}

/**
 * The alarm scope of exactly one of --instance, --tag, --prefix and --all (`hostmend-`); none or two throw
 * `UsageError` naming `task`. Pure.
 *
 * @example
 * ```ts
 * parseAlarmScope("alarms mute", { tag: "Role=web" }); // { kind: "tag", key: "Role", value: "web" }
 * ```
 */
export function parseAlarmScope(task: string, values: ScopeValues): AlarmScope {
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

/**
 * The instances of `alarms ensure`: exactly one of --instance, --tag and --all, else `UsageError`. Pure.
 *
 * @example
 * ```ts
 * parseInstanceSelector("alarms ensure", { all: true }); // { kind: "all" }
 * ```
 */
export function parseInstanceSelector(
  task: string,
  values: { instance?: string[]; tag?: string; all?: boolean },
): InstanceSelector {
  const which = exactlyOne(task, { instance: values.instance, tag: values.tag, all: values.all });
  return which === "instance"
    ? { kind: "ids", ids: checkInstanceIds(values.instance!) }
    : which === "tag"
    ? { kind: "tag", ...optionValue("--tag", values.tag!, parseTag) }
    : { kind: "all" };
}

/**
 * The one option of `given` that is set (not undefined, false or an empty list); none or several throw
 * `UsageError`. Pure.
 *
 * @example
 * ```ts
 * exactlyOne("alarms mute", { tag: "Role=web", all: undefined }); // "tag"
 * ```
 */
export function exactlyOne(task: string, given: Record<string, unknown>): string {
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

/**
 * A `KEY=VALUE` tag filter; throws `RangeError` otherwise. Pure.
 *
 * @example
 * ```ts
 * parseTag("Role=web"); // { key: "Role", value: "web" }
 * ```
 */
export function parseTag(text: string): { key: string; value: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new RangeError(`"${text}" is not KEY=VALUE, like Role=web`);
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/**
 * Checks that every --instance is an instance id (`i-` and 8 to 17 hex digits); throws `UsageError` otherwise.
 *
 * @example
 * ```ts
 * checkInstanceIds(["i-0abc1234"]); // ["i-0abc1234"]
 * ```
 */
export function checkInstanceIds(ids: string[]): string[] {
  for (const id of ids) {
    if (!/^i-[0-9a-f]{8,17}$/.test(id)) throw new UsageError(`Invalid --instance "${id}": use an id like i-0abc1234`);
  }
  return ids;
}

/**
 * The scope options as command-line arguments again (for the printed unmute command). Pure.
 *
 * @example
 * ```ts
 * scopeArgs({ tag: "Role=web" }); // ["--tag", "Role=web"]
 * ```
 */
export function scopeArgs(values: ScopeValues): string[] {
  if (values.instance?.length) return values.instance.flatMap((i) => ["--instance", i]);
  if (values.tag) return ["--tag", values.tag];
  if (values.prefix) return ["--prefix", values.prefix];
  return ["--all"];
}
