// Runs a command on another host with sshpass, the password only in the child's environment, and turns
// sshpass's and ssh's failure codes into messages that say what to do.

import { ActionError } from "../cli/errors.ts";
import { tail } from "./run_command.ts";
import { sshArgv, type SshTarget } from "./ssh_argv.ts";

/** What the remote command did. `stdout`/`stderr` are empty when they were streamed (not captured). */
export interface SshResult {
  code: number;
  stdout: string;
  stderr: string;
  argv: string[];
}

/** Options of {@linkcode sshRun}. */
export interface SshRunOptions {
  /** Capture stdout and stderr (for --json) instead of streaming them to ours. */
  capture?: boolean;
  signal?: AbortSignal;
}

/**
 * Runs `command` on `target` with `sshpass -e ssh`, giving `password` to sshpass in the `SSHPASS` variable of
 * its environment only (never in any argv). Returns the remote exit code; when streaming, stdout goes straight to
 * ours and stderr is passed on as it comes while its tail is kept for {@linkcode explainSshFailure}.
 * Needs `--allow-run=sshpass`. A missing sshpass throws {@linkcode ActionError}.
 *
 * @example
 * ```ts
 * const r = await sshRun({ host: "10.0.0.5", user: "ec2-user" }, ["uptime"], password);
 * const why = explainSshFailure(r, target);
 * ```
 */
export async function sshRun(
  target: SshTarget,
  command: string[],
  password: string,
  options: SshRunOptions = {},
): Promise<SshResult> {
  const argv = sshArgv(target, command);
  let child;
  try {
    child = new Deno.Command(argv[0]!, {
      args: argv.slice(1),
      env: { SSHPASS: password },
      // The remote command reads our stdin (ssh-run host -- 'cat > /tmp/f' < f); sshpass types on its own terminal.
      stdin: "inherit",
      stdout: options.capture ? "piped" : "inherit",
      stderr: "piped",
      signal: options.signal,
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ActionError("sshpass is not installed: install it with deno task pkg-install sshpass", {
        cause: error,
      });
    }
    throw error;
  }
  const decoder = new TextDecoder();
  let stderr = "";
  const readStderr = (async () => {
    for await (const chunk of child.stderr) {
      stderr += decoder.decode(chunk, { stream: true });
      if (!options.capture) await Deno.stderr.write(chunk);
      if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
    }
  })();
  const readStdout = options.capture
    ? (async () => {
      let out = "";
      for await (const chunk of child.stdout) out += decoder.decode(chunk, { stream: true });
      return out;
    })()
    : Promise.resolve("");
  const [status, stdout] = await Promise.all([child.status, readStdout, readStderr]);
  return { code: status.code, stdout, stderr, argv };
}

/**
 * A one-line explanation when `result` is a connection failure rather than the remote command's own exit
 * (pure): sshpass 5 wrong password, 6 host key unknown, 7 host key changed, and ssh 255 with a changed or
 * unknown host key. sshpass passes the remote exit code through, so 5–7 count as its own only when the command
 * printed nothing on stdout. Returns undefined when the code is the remote command's.
 *
 * @example
 * ```ts
 * explainSshFailure({ code: 5, stdout: "", stderr: "", argv: [] }, { host: "h", user: "root" });
 * // "wrong password for root@h (sshpass exit 5): check SSHPASS or the --password-file"
 * ```
 */
export function explainSshFailure(result: SshResult, target: SshTarget): string | undefined {
  const who = `${target.user ? `${target.user}@` : ""}${target.host}${target.port ? `:${target.port}` : ""}`;
  const silent = result.stdout === "";
  const knownHosts = target.knownHosts ?? "~/.ssh/known_hosts";
  const changed = `the host key of ${who} has CHANGED since it was recorded in ${knownHosts}`;
  const entry = target.port && target.port !== 22 ? `'[${target.host}]:${target.port}'` : target.host;
  const changedNext = `if the host was rebuilt, remove the old key with ssh-keygen -R ${entry}` +
    `${target.knownHosts ? ` -f ${target.knownHosts}` : ""}; otherwise do not connect`;
  switch (result.code) {
    case 5:
      if (silent) return `wrong password for ${who} (sshpass exit 5): check SSHPASS or the --password-file`;
      break;
    case 6:
      if (silent) {
        return `the host key of ${who} is unknown (sshpass exit 6): check its fingerprint, then run again with ` +
          `--accept-new-host-key, or add it to ${knownHosts}`;
      }
      break;
    case 7:
      if (silent) return `${changed} (sshpass exit 7): ${changedNext}`;
      break;
    case 255: {
      if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(result.stderr)) return `${changed}: ${changedNext}`;
      if (/Host key verification failed/.test(result.stderr)) {
        return `the host key of ${who} could not be verified: check its fingerprint, then run again with ` +
          `--accept-new-host-key, or add it to ${knownHosts}`;
      }
      const last = tail(result.stderr, 1);
      if (silent) return `ssh could not connect to ${who} (exit 255)${last ? `: ${last}` : ""}`;
      break;
    }
  }
  return undefined;
}
