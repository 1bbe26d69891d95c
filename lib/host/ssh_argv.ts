// The sshpass + ssh command line for running one command on another host. The password is never in it:
// sshpass -e reads it from the SSHPASS variable of the child's environment, which `ps` does not show.

/** Where and how to connect. */
export interface SshTarget {
  host: string;
  /** Remote user (ssh `-l`); default: ssh's own (the local user, or ~/.ssh/config). */
  user?: string;
  /** Port (ssh `-p`); default 22. */
  port?: number;
  /** known_hosts file to read and write host keys (ssh `UserKnownHostsFile`); default ~/.ssh/known_hosts. */
  knownHosts?: string;
  /** Trust and record the key of a host not seen before (`StrictHostKeyChecking=accept-new`). */
  acceptNewHostKey?: boolean;
  /** Seconds to wait for the connection (ssh `ConnectTimeout`); default 10. */
  connectTimeout?: number;
  /** More ssh `-o` options, e.g. `ServerAliveInterval=15`. */
  sshOptions?: string[];
}

/**
 * The argv that runs `command` on `target` through `sshpass -e ssh` (pure). One word is sent as a shell command
 * line as it is (`"uptime && df -h"`); several words are quoted so the remote side gets exactly those arguments.
 * Password authentication is forced, so the password that sshpass types is the one used.
 *
 * @example
 * ```ts
 * sshArgv({ host: "10.0.0.5", user: "ec2-user" }, ["uptime"]);
 * // ["sshpass", "-e", "ssh", "-o", "ConnectTimeout=10", ..., "-l", "ec2-user", "10.0.0.5", "--", "uptime"]
 * ```
 */
export function sshArgv(target: SshTarget, command: string[]): string[] {
  const options = [
    `ConnectTimeout=${target.connectTimeout ?? 10}`,
    "PubkeyAuthentication=no",
    "PreferredAuthentications=keyboard-interactive,password",
    ...(target.knownHosts ? [`UserKnownHostsFile=${target.knownHosts}`] : []),
    ...(target.acceptNewHostKey ? ["StrictHostKeyChecking=accept-new"] : []),
    ...(target.sshOptions ?? []),
  ];
  const remote = command.length === 1 ? command : [command.map(quote).join(" ")];
  return [
    "sshpass",
    "-e",
    "ssh",
    ...options.flatMap((o) => ["-o", o]),
    ...(target.port ? ["-p", String(target.port)] : []),
    ...(target.user ? ["-l", target.user] : []),
    target.host,
    "--",
    ...remote,
  ];
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
