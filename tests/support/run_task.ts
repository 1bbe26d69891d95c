// Runs a task the way a user does, `deno task NAME ARGS…`, so the test also proves the task's permissions.

/** What a spawned task did. */
export interface TaskRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The repository root (where deno.json is). */
export const REPO_ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Spawns `deno task NAME ...args` from the repository's deno.json and collects exit code and output.
 *
 * @example
 * ```ts
 * const r = await runTask("disk-audit", ["--json", dir]);
 * assert.equal(r.code, 0);
 * ```
 */
export async function runTask(
  name: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {},
): Promise<TaskRun> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "--config", `${REPO_ROOT}/deno.json`, name, ...args],
    cwd: options.cwd ?? REPO_ROOT,
    env: { NO_COLOR: "1", ...options.env },
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}
