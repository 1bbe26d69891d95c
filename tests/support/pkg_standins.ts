// Command-recording stand-ins for the Amazon Linux and RHEL tools that cannot exist on a Debian test machine
// (amazon-linux-extras, yum-config-manager, subscription-manager, yum). Each is a script on PATH that appends its
// argv to a log and keeps just enough state in files to answer as the real tool would on Amazon Linux 2.

/** A folder of stand-ins: put `bin` first on PATH, read what ran with `calls()`. */
export interface Standins {
  bin: string;
  /** Every call so far, as argv with the tool's name first (e.g. `["yum", "install", "-y", "sshpass"]`). */
  calls(): Promise<string[][]>;
  /** Make `yum-config-manager` fail with exit 1 and a message on stderr. */
  failConfigManager(): Promise<void>;
}

const RECORD =
  `printf '%s' "$(basename "$0")" >> "$LOG"; for a in "$@"; do printf '\\t%s' "$a" >> "$LOG"; done; echo >> "$LOG"`;

/**
 * Writes the stand-ins into `dir` (which must exist). State: `dir/state/extras-epel` after
 * `amazon-linux-extras install epel`, `dir/state/epel-enabled` after `yum-config-manager --enable epel`;
 * `yum list available` and `yum install` succeed only when EPEL is enabled (the package is an EPEL one).
 *
 * @example
 * ```ts
 * const s = await writeStandins(dir);
 * await runTask("pkg-install", ["sshpass"], { env: { PATH: `${s.bin}:${Deno.env.get("PATH")}` } });
 * ```
 */
export async function writeStandins(dir: string): Promise<Standins> {
  const bin = `${dir}/bin`;
  const state = `${dir}/state`;
  const log = `${dir}/calls.log`;
  await Deno.mkdir(bin, { recursive: true });
  await Deno.mkdir(state, { recursive: true });
  await Deno.writeTextFile(log, "");
  const head = `#!/bin/bash\nLOG='${log}'; STATE='${state}'\n${RECORD}\n`;
  const scripts: Record<string, string> = {
    "amazon-linux-extras": `[ "$1 $2" = "install epel" ] && touch "$STATE/extras-epel"\nexit 0\n`,
    "yum-config-manager": `if [ -e "$STATE/fail-config-manager" ]; then
  echo "Loaded plugins: priorities" >&2; echo "Cannot enable epel: simulated failure" >&2; exit 1
fi
[ "$1 $2" = "--enable epel" ] && [ -e "$STATE/extras-epel" ] && touch "$STATE/epel-enabled"
exit 0
`,
    "subscription-manager": `exit 0\n`,
    yum: `args=(); for a in "$@"; do case "$a" in -*) ;; *) args+=("$a");; esac; done
case "\${args[0]} \${args[1]}" in
  "repolist enabled")
    echo "repo id                     repo name                                  status"
    echo "amzn2-core/2/x86_64         Amazon Linux 2 core repository             34,012"
    [ -e "$STATE/epel-enabled" ] && echo "epel/x86_64                 Extra Packages for Enterprise Linux 7      13,759"
    echo "repolist: 47,771"; exit 0;;
  "list available")
    if [ -e "$STATE/epel-enabled" ]; then echo "\${args[2]}.x86_64  1.06-1.el7  epel"; exit 0; fi
    echo "Error: No matching Packages to list" >&2; exit 1;;
  install*)
    [ -e "$STATE/epel-enabled" ] && { echo "Complete!"; exit 0; }
    echo "No package \${args[1]} available." ; echo "Error: Nothing to do" >&2; exit 1;;
esac
exit 0
`,
  };
  for (const [name, body] of Object.entries(scripts)) {
    await Deno.writeTextFile(`${bin}/${name}`, head + body, { mode: 0o755 });
  }
  return {
    bin,
    async calls() {
      const text = await Deno.readTextFile(log);
      return text.split("\n").filter(Boolean).map((line) => line.split("\t"));
    },
    async failConfigManager() {
      await Deno.writeTextFile(`${state}/fail-config-manager`, "");
    },
  };
}
