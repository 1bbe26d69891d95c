// Which alarms list, mute and unmute work on: those of given instances, of a tag, or with a name prefix.

import { alarmName } from "./alarm_names.ts";
import type { ExistingAlarm } from "./alarm_types.ts";
import type { AlarmApi } from "./cloudwatch_alarms.ts";
import type { InstanceApi } from "./ec2_instances.ts";

/** The alarms a command is about. */
export type AlarmScope =
  | { kind: "instances"; ids: string[] }
  | { kind: "tag"; key: string; value: string }
  | { kind: "prefix"; prefix: string }
  /** Alarms recorded by a mute whose --for time has passed (unmute only). */
  | { kind: "names"; names: string[] };

/** The alarms found for a scope, and the test of whether a (recorded) name belongs to it. */
export interface ScopedAlarms {
  alarms: ExistingAlarm[];
  includes(name: string): boolean;
}

/**
 * Reads the alarms of `scope`: hostmend's two alarms per instance (by name, 100 per call, so alarms of
 * terminated instances are found too), those of the instances with a tag, or every alarm with a prefix
 * (every page; `hostmend-` for all of hostmend's). Makes read calls only. Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const { alarms } = await findScopedAlarms({ kind: "prefix", prefix: "hostmend-" }, alarmApi, instanceApi);
 * ```
 */
export async function findScopedAlarms(
  scope: AlarmScope,
  alarmApi: AlarmApi,
  instanceApi: InstanceApi,
): Promise<ScopedAlarms> {
  if (scope.kind === "prefix") {
    return { alarms: await alarmApi.listByPrefix(scope.prefix), includes: (n) => n.startsWith(scope.prefix) };
  }
  let names: string[];
  if (scope.kind === "names") names = scope.names;
  else {
    const ids = scope.kind === "instances"
      ? scope.ids
      : (await instanceApi.find({ kind: "tag", key: scope.key, value: scope.value })).map((i) => i.id);
    names = ids.flatMap((id) => [alarmName(id, "system"), alarmName(id, "instance")]);
  }
  const set = new Set(names);
  const alarms = names.length ? await alarmApi.listByNames(names) : [];
  return { alarms: alarms.sort((a, b) => a.name.localeCompare(b.name)), includes: (n) => set.has(n) };
}
