// The real PackageProbe: read-only questions answered by rpm, yum, dnf, dpkg-query and apt-cache on this host
// (or in an install root). A tool that is missing gives "unknown", which plans the step rather than skipping it.

import { type CommandResult, formatArgv, runCommand, tail } from "../host/run_command.ts";
import type { Distro } from "./detect_distro.ts";
import { managerArgs, type ManagerOptions } from "./manager_args.ts";
import type { Check, PackageProbe } from "./plan_install.ts";

/** Runs a read-only command and returns its result, never throwing for a non-zero exit. */
export type ProbeRunner = (argv: string[]) => Promise<CommandResult>;

/** Where apt keeps its package lists. */
export const APT_LISTS_DIR = "/var/lib/apt/lists";

const DAY = 86400;

/**
 * Creates the {@linkcode PackageProbe} for `distro`, running the real tools. Needs `--allow-run` (rpm, yum, dnf,
 * dpkg-query, apt-cache), `--allow-read` (the apt lists) and `--allow-env` (PATH).
 *
 * @example
 * ```ts
 * const probe = createProbe(distro, { installroot: "/mnt/image" });
 * (await probe.installed("sshpass")).state; // "no"
 * ```
 */
export function createProbe(
  distro: Distro,
  options: ManagerOptions = {},
  run: ProbeRunner = (argv) => runCommand(argv, { noThrow: true, env: { LC_ALL: "C" } }),
): PackageProbe {
  const { pm, rpm } = managerArgs(distro, options);
  const missingTool = (r: CommandResult, argv: string[]): Check | undefined =>
    r.code === 127 ? { state: "unknown", detail: `${argv[0]} is not installed here` } : undefined;
  let repos: Promise<Check & { ids?: Set<string> }> | undefined;

  if (distro.packageManager === "apt-get") {
    return {
      async installed(name) {
        const argv = ["dpkg-query", "-W", "-f=${Status}\t${Version}", name];
        const r = await run(argv);
        const [status, version] = r.stdout.split("\t");
        if (r.success && status?.endsWith(" installed")) return { state: "yes", detail: version ?? "" };
        return missingTool(r, argv) ?? { state: "no", detail: "not installed" };
      },
      async available(name) {
        const argv = ["apt-cache", "policy", name];
        const r = await run(argv);
        const candidate = /^\s*Candidate:\s*(\S+)/m.exec(r.stdout)?.[1];
        if (candidate && candidate !== "(none)") return { state: "yes", detail: candidate };
        return missingTool(r, argv) ?? { state: "no", detail: "no install candidate" };
      },
      repoEnabled() {
        return Promise.resolve({ state: "unknown", detail: "apt has no repository ids" });
      },
      listsFresh() {
        return aptListsFresh(APT_LISTS_DIR, options.listsMaxAgeSeconds ?? DAY);
      },
    };
  }

  const listRepos = async (): Promise<Check & { ids?: Set<string> }> => {
    const argv = distro.packageManager === "yum"
      ? ["yum", ...pm, "-q", "repolist", "enabled"]
      : ["dnf", ...pm, "-q", "repolist", "--enabled"];
    const r = await run(argv);
    if (!r.success) {
      return missingTool(r, argv) ??
        { state: "unknown", detail: `${formatArgv(argv)} failed (${r.code}): ${tail(r.stderr, 1)}` };
    }
    return { state: "yes", detail: "", ids: parseRepoIds(r.stdout) };
  };
  return {
    async installed(name) {
      const argv = ["rpm", ...rpm, "-q", "--qf", "%{VERSION}-%{RELEASE}\\n", name];
      const r = await run(argv);
      if (r.success) return { state: "yes", detail: r.stdout.trim().split("\n")[0] ?? "" };
      return missingTool(r, argv) ?? { state: "no", detail: "not installed" };
    },
    async available(name) {
      const argv = distro.packageManager === "yum"
        ? ["yum", ...pm, "-q", "list", "available", name]
        : ["dnf", ...pm, "-q", "list", "--available", name];
      const r = await run(argv);
      if (r.success) return { state: "yes", detail: "in the enabled repositories" };
      return missingTool(r, argv) ?? { state: "no", detail: "not in the enabled repositories" };
    },
    async repoEnabled(id) {
      repos ??= listRepos();
      const list = await repos;
      if (!list.ids) return list;
      return list.ids.has(id) ? { state: "yes", detail: "enabled" } : { state: "no", detail: "not enabled" };
    },
    listsFresh() {
      return Promise.resolve({ state: "unknown", detail: "only apt has package lists" });
    },
  };
}

/**
 * The repository ids in `yum repolist` / `dnf repolist` output (pure): the first column, without the
 * `/releasever/arch` suffix yum adds and the `!`/`*` marks.
 *
 * @example
 * ```ts
 * parseRepoIds("repo id   repo name\namzn2-core/2/x86_64  Amazon Linux 2 core\n"); // Set {"amzn2-core"}
 * ```
 */
export function parseRepoIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split("\n")) {
    const first = line.trim().split(/\s+/)[0];
    if (!first || /^(repo|repolist:|Loaded|Loading)/.test(first)) continue;
    ids.add(first.replace(/^[!*]/, "").split("/")[0]!);
  }
  return ids;
}

/**
 * Whether apt's package lists exist and were refreshed within `maxAgeSeconds`. Age is the newest change time
 * (ctime: apt sets mtime to the server's date) of the lists, or Ubuntu's update-success-stamp. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * (await aptListsFresh("/var/lib/apt/lists", 86400)).state; // "yes"
 * ```
 */
export async function aptListsFresh(dir: string, maxAgeSeconds: number, now = Date.now()): Promise<Check> {
  let newest = 0;
  let lists = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !/_(Packages|Sources)(\.\w+)?$|Release$/.test(entry.name)) continue;
      if (/_Packages/.test(entry.name)) lists++;
      const info = await Deno.stat(`${dir}/${entry.name}`);
      newest = Math.max(newest, info.ctime?.getTime() ?? 0, info.mtime?.getTime() ?? 0);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (!lists) return { state: "no", detail: `missing (no package lists in ${dir})` };
  try {
    const stamp = await Deno.stat("/var/lib/apt/periodic/update-success-stamp");
    newest = Math.max(newest, stamp.mtime?.getTime() ?? 0);
  } catch {
    // Debian has no stamp unless unattended-upgrades made one.
  }
  const age = Math.max(0, Math.round((now - newest) / 1000));
  return age <= maxAgeSeconds
    ? { state: "yes", detail: `the lists were updated ${formatAge(age)} ago` }
    : { state: "no", detail: `stale (updated ${formatAge(age)} ago, more than ${formatAge(maxAgeSeconds)})` };
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}min`;
  if (seconds < 2 * DAY) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / DAY)}days`;
}
