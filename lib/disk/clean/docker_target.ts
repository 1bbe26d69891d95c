// The docker target: `docker system prune -f` (with -a when configured) when Docker is present.

import type { CleanPolicy } from "./clean_policy.ts";
import type { CleanContext, TargetPlan } from "./plan_types.ts";

/**
 * Parses a size as docker prints it ("1.2GB", "512MB", "0B"; powers of 1000) into bytes (pure).
 *
 * @example
 * ```ts
 * parseDockerSize("1.5GB"); // 1500000000
 * ```
 */
export function parseDockerSize(text: string): number {
  const m = /^\s*([\d.]+)\s*([kKMGTP]?)B/.exec(text);
  if (!m) return 0;
  const power = ["", "k", "M", "G", "T", "P"].indexOf(m[2] === "K" ? "k" : m[2]!);
  return Math.round(Number(m[1]) * 1000 ** Math.max(power, 0));
}

/**
 * Plans a docker prune; the expected bytes are what `docker system df` calls reclaimable. Needs `--allow-run=docker`.
 *
 * @example
 * ```ts
 * const plan = await planDockerTarget(policy, ctx);
 * ```
 */
export async function planDockerTarget(policy: CleanPolicy, ctx: CleanContext): Promise<TargetPlan> {
  const base: TargetPlan = {
    name: "docker",
    title: `docker system prune${policy.docker.all ? " -a" : ""}`,
    roots: ["/var/lib/docker"],
    actions: [],
    expectedBytes: 0,
    skipped: [],
    notes: [],
  };
  if (!(await ctx.which("docker"))) return { ...base, unavailable: "docker is not installed" };
  const df = await ctx.run(["docker", "system", "df", "--format", "{{.Reclaimable}}"], { noThrow: true });
  if (!df.success) return { ...base, unavailable: `docker is not running: ${df.stderr.trim().split("\n")[0]}` };
  const bytes = df.stdout.split("\n").reduce((n, line) => n + parseDockerSize(line), 0);
  base.actions.push({
    type: "command",
    argv: ["docker", "system", "prune", "-f", ...(policy.docker.all ? ["-a"] : [])],
    measure: [],
    expectedBytes: bytes,
  });
  base.expectedBytes = bytes;
  return base;
}
