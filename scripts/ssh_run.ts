// ssh-run: run one command on another host with sshpass; the password never on any command line.

import {
  ActionError,
  type MainContext,
  optionValue,
  parseCount,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
  UsageError,
} from "../lib/cli/mod.ts";
import type { SshTarget } from "../lib/host/ssh_argv.ts";
import { resolvePassword } from "../lib/host/ssh_password.ts";
import { explainSshFailure, sshRun } from "../lib/host/ssh_run.ts";

export const spec = {
  name: "ssh-run",
  summary: "run a command on another host with sshpass, the password never on the command line",
  usage: "[USER@]HOST -- COMMAND...",
  description: `The password comes from --password-file (first line), else the SSHPASS variable, else a prompt on
the terminal (no echo). It reaches sshpass only in its environment (sshpass -e), never in an argv that ps shows.
The exit code is the remote command's; sshpass's 5 (wrong password), 6 (unknown host key) and 7 (changed host
key), and ssh's 255, keep their code and get a one-line explanation. One COMMAND word is a shell command line
run as it is; several words are quoted so the remote command gets exactly those arguments.`,
  options: {
    user: { type: "string", short: "l", value: "USER", description: "remote user (or USER@HOST)" },
    port: { type: "string", short: "p", value: "PORT", description: "ssh port (default: 22)" },
    "password-file": { type: "string", value: "FILE", description: "read the password from the first line of FILE" },
    "known-hosts": { type: "string", value: "FILE", description: "known_hosts file (default ~/.ssh/known_hosts)" },
    "accept-new-host-key": {
      type: "boolean",
      description: "trust and record the key of a host never seen before (a changed key is still refused)",
    },
    "connect-timeout": { type: "string", value: "SECONDS", default: "10", description: "ssh ConnectTimeout" },
    "ssh-option": { type: "string", short: "o", multiple: true, value: "OPT", description: "more ssh -o options" },
  },
  positionals: { min: 2, max: 10000, name: "HOST and COMMAND" },
  examples: [
    "SSHPASS=... deno task ssh-run ec2-user@10.0.0.5 -- uptime",
    "deno task ssh-run --password-file /root/.db-pw -l admin db1 -- 'df -h / && free -m'",
    "deno task ssh-run --accept-new-host-key --known-hosts ./known_hosts 10.0.0.7 -- systemctl is-active nginx",
  ],
} as const satisfies TaskSpec;

export async function main(args: string[], ctx: MainContext): Promise<number> {
  const { values, positionals } = parseTaskArgs(spec, args);
  if (values.help) return printHelp(spec);
  const [where, ...command] = positionals as [string, ...string[]];
  const at = where.lastIndexOf("@");
  const target: SshTarget = {
    host: at >= 0 ? where.slice(at + 1) : where,
    user: values.user ?? (at > 0 ? where.slice(0, at) : undefined),
    port: values.port === undefined ? undefined : optionValue("--port", values.port, parsePort),
    knownHosts: values["known-hosts"],
    acceptNewHostKey: Boolean(values["accept-new-host-key"]),
    connectTimeout: optionValue("--connect-timeout", values["connect-timeout"] ?? "10", (t) => parseCount(t, 1)),
    sshOptions: values["ssh-option"] ?? [],
  };
  if (!/^[\w.:%[\]-]+$/.test(target.host) || target.host.startsWith("-")) {
    throw new UsageError(`Invalid host "${target.host}": use a name or an address, like 10.0.0.5 or db1.internal`);
  }
  const who = `${target.user ? `${target.user}@` : ""}${target.host}`;
  const { password, source } = await resolvePassword({
    passwordFile: values["password-file"],
    prompt: `Password for ${who}: `,
  });
  const result = await sshRun(target, command, password, { capture: values.json, signal: ctx.signal });
  const explained = explainSshFailure(result, target);
  if (values.json) {
    printJson({
      host: target.host,
      user: target.user ?? null,
      port: target.port ?? 22,
      password_source: source,
      argv: result.argv,
      exit_code: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      error: explained ?? null,
    });
  }
  if (explained) throw new ActionError(explained, { exitCode: result.code });
  return result.code;
}

function parsePort(text: string): number {
  const port = parseCount(text, 1);
  if (port > 65535) throw new RangeError(`"${text}" is not a port from 1 to 65535`);
  return port;
}

if (import.meta.main) runMain(spec.name, (ctx) => main(Deno.args, ctx));
