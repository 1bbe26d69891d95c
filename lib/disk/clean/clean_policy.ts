// The disk-clean policy: documented defaults, overridden by the config file (/etc/hostmend/config.json, key
// "disk_clean"), overridden by flags. Every target root is configurable, which is how tests aim at temp trees.

import { UsageError } from "../../cli/errors.ts";
import { parseDuration, parsePercent } from "../../cli/parse_duration.ts";
import { parseSize } from "../../cli/parse_size.ts";
import { parseCount } from "../../cli/parse_task_args.ts";
import { DEFAULT_TARGETS, TARGET_NAMES, type TargetName } from "./plan_types.ts";

/** The default config file. */
export const DEFAULT_CONFIG_PATH = "/etc/hostmend/config.json";

/** Everything a disk-clean run needs to know. */
export interface CleanPolicy {
  /** The filesystem to report (df) and to test against `ifAbovePercent`. */
  path: string;
  ifAbovePercent?: number;
  lock: string;
  targets: TargetName[];
  journal: { maxUseBytes: number; maxRetentionUsec: number; directory?: string };
  packageCache: { manager: "auto" | "apt" | "dnf" | "yum"; cacheDir?: string };
  coreDumps: { dirs: string[]; olderThanSec: number };
  rotatedLogs: { dir: string; olderThanSec: number };
  tmp: { dirs: string[]; olderThanSec: number };
  oldKernels: { keep: number };
  docker: { all: boolean };
}

/**
 * The defaults (pure): journal at most 500M and 3 days, package cache, core dumps older than 3 days; opt-in rotated
 * logs older than 7 days, tmp files older than 10 days, old kernels (keep 2: the running one and one more), docker.
 *
 * @example
 * ```ts
 * defaultCleanPolicy().journal.maxUseBytes; // 524288000
 * ```
 */
export function defaultCleanPolicy(): CleanPolicy {
  return {
    path: "/",
    lock: "/run/lock/hostmend-disk-clean.lock",
    targets: [...DEFAULT_TARGETS],
    journal: { maxUseBytes: 500 * 1024 ** 2, maxRetentionUsec: 3 * 86400 * 1e6 },
    packageCache: { manager: "auto" },
    coreDumps: { dirs: ["/var/lib/systemd/coredump", "/var/crash"], olderThanSec: 3 * 86400 },
    rotatedLogs: { dir: "/var/log", olderThanSec: 7 * 86400 },
    tmp: { dirs: ["/tmp", "/var/tmp"], olderThanSec: 10 * 86400 },
    oldKernels: { keep: 2 },
    docker: { all: false },
  };
}

/**
 * Loads the policy from a config file. `path` given: it must exist; absent: /etc/hostmend/config.json is read when
 * it exists. Unknown keys and bad values throw {@linkcode UsageError} naming the key. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const policy = await loadCleanPolicy("/etc/hostmend/config.json");
 * ```
 */
export async function loadCleanPolicy(path?: string): Promise<CleanPolicy> {
  const file = path ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound && path === undefined) return defaultCleanPolicy();
    throw new UsageError(
      `Cannot read config ${file}: ${error instanceof Error ? error.message.split("\n")[0] : error}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Config ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCleanConfig(json, file);
}

/**
 * Applies the `disk_clean` section of a parsed config to the defaults (pure).
 *
 * @example
 * ```ts
 * parseCleanConfig({ disk_clean: { targets: ["journal"] } }).targets; // ["journal"]
 * ```
 */
export function parseCleanConfig(json: unknown, file = "config"): CleanPolicy {
  const policy = defaultCleanPolicy();
  if (!isObject(json)) throw new UsageError(`Config ${file} must be a JSON object`);
  const section = json.disk_clean;
  if (section === undefined) return policy;
  const at = (key: string) => `Config ${file}: disk_clean.${key}`;
  const c = object(section, at("").slice(0, -1));
  known(c, [
    "path",
    "if_above",
    "lock",
    "targets",
    "journal",
    "package_cache",
    "core_dumps",
    "rotated_logs",
    "tmp",
    "old_kernels",
    "docker",
  ], at);
  if (c.path !== undefined) policy.path = str(c.path, at("path"));
  if (c.if_above !== undefined) policy.ifAbovePercent = parse(String(c.if_above), at("if_above"), parsePercent);
  if (c.lock !== undefined) policy.lock = str(c.lock, at("lock"));
  if (c.targets !== undefined) {
    policy.targets = strings(c.targets, at("targets")).map((t) => targetName(t, at("targets")));
  }
  if (c.journal !== undefined) {
    const j = object(c.journal, at("journal"));
    known(j, ["size", "time", "directory"], (k) => at(`journal.${k}`));
    if (j.size !== undefined) policy.journal.maxUseBytes = parse(String(j.size), at("journal.size"), parseSize);
    if (j.time !== undefined) {
      policy.journal.maxRetentionUsec = Math.round(parse(String(j.time), at("journal.time"), parseDuration) * 1e6);
    }
    if (j.directory !== undefined && j.directory !== null) {
      policy.journal.directory = str(j.directory, at("journal.directory"));
    }
  }
  if (c.package_cache !== undefined) {
    const p = object(c.package_cache, at("package_cache"));
    known(p, ["manager", "cache_dir"], (k) => at(`package_cache.${k}`));
    if (p.manager !== undefined) {
      const m = str(p.manager, at("package_cache.manager"));
      if (!["auto", "apt", "dnf", "yum"].includes(m)) {
        throw new UsageError(`${at("package_cache.manager")}: use auto, apt, dnf or yum`);
      }
      policy.packageCache.manager = m as CleanPolicy["packageCache"]["manager"];
    }
    if (p.cache_dir !== undefined && p.cache_dir !== null) {
      policy.packageCache.cacheDir = str(p.cache_dir, at("package_cache.cache_dir"));
    }
  }
  if (c.core_dumps !== undefined) {
    const d = object(c.core_dumps, at("core_dumps"));
    known(d, ["dirs", "older_than"], (k) => at(`core_dumps.${k}`));
    if (d.dirs !== undefined) policy.coreDumps.dirs = strings(d.dirs, at("core_dumps.dirs"));
    if (d.older_than !== undefined) {
      policy.coreDumps.olderThanSec = parse(String(d.older_than), at("core_dumps.older_than"), parseDuration);
    }
  }
  if (c.rotated_logs !== undefined) {
    const d = object(c.rotated_logs, at("rotated_logs"));
    known(d, ["dir", "older_than"], (k) => at(`rotated_logs.${k}`));
    if (d.dir !== undefined) policy.rotatedLogs.dir = str(d.dir, at("rotated_logs.dir"));
    if (d.older_than !== undefined) {
      policy.rotatedLogs.olderThanSec = parse(String(d.older_than), at("rotated_logs.older_than"), parseDuration);
    }
  }
  if (c.tmp !== undefined) {
    const d = object(c.tmp, at("tmp"));
    known(d, ["dirs", "older_than"], (k) => at(`tmp.${k}`));
    if (d.dirs !== undefined) policy.tmp.dirs = strings(d.dirs, at("tmp.dirs"));
    if (d.older_than !== undefined) {
      policy.tmp.olderThanSec = parse(String(d.older_than), at("tmp.older_than"), parseDuration);
    }
  }
  if (c.old_kernels !== undefined) {
    const d = object(c.old_kernels, at("old_kernels"));
    known(d, ["keep"], (k) => at(`old_kernels.${k}`));
    if (d.keep !== undefined) {
      policy.oldKernels.keep = parse(String(d.keep), at("old_kernels.keep"), (t) => parseCount(t, 1));
    }
  }
  if (c.docker !== undefined) {
    const d = object(c.docker, at("docker"));
    known(d, ["all"], (k) => at(`docker.${k}`));
    if (d.all !== undefined) {
      if (typeof d.all !== "boolean") throw new UsageError(`${at("docker.all")}: use true or false`);
      policy.docker.all = d.all;
    }
  }
  return policy;
}

/**
 * Checks a target name (from --with, --only or the config).
 *
 * @example
 * ```ts
 * targetName("tmp", "--with"); // "tmp"
 * ```
 */
export function targetName(name: string, where: string): TargetName {
  if ((TARGET_NAMES as readonly string[]).includes(name)) return name as TargetName;
  throw new UsageError(`${where}: unknown target "${name}", use one of ${TARGET_NAMES.join(", ")}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (!isObject(v)) throw new UsageError(`${where}: must be an object`);
  return v;
}

function known(o: Record<string, unknown>, keys: string[], at: (k: string) => string): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw new UsageError(`${at(k)}: unknown key, use one of ${keys.join(", ")}`);
  }
}

function str(v: unknown, where: string): string {
  if (typeof v !== "string" || v === "") throw new UsageError(`${where}: must be a non-empty string`);
  return v;
}

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && x !== "")) {
    throw new UsageError(`${where}: must be a list of strings`);
  }
  return v as string[];
}

function parse<T>(text: string, where: string, fn: (t: string) => T): T {
  try {
    return fn(text);
  } catch (error) {
    throw new UsageError(`${where}: ${error instanceof Error ? error.message : error}`);
  }
}
