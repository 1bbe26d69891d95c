// Runs Debian's real cron daemon on a test directory, in a private mount namespace (unshare -m): a temp dir is
// bind-mounted over /etc/cron.d, an empty file over /etc/crontab, empty dirs over the user crontabs and /run, and a
// tmpfs over /dev holding only null/zero/random and a /dev/log socket whose syslog lines the test reads. The
// machine's own cron files, /run and /dev are never written; the namespace ends with the script.

/** What the sandbox saw. */
export interface SandboxResult {
  /** Syslog messages received on /dev/log (cron's own and `logger -t hostmend`). */
  syslog: string[];
  /** Exit code and stderr of the sandbox script. */
  code: number;
  stderr: string;
}

const SINK = `import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
while True:
    print(s.recv(65536).decode(errors="replace"), flush=True)
`;

/**
 * Starts `cron -f -L 15` with `/etc/cron.d` = `cronDir`, waits until it has loaded its files, then runs `then`
 * (a sh snippet; `env` is passed to it) and stops everything. Needs root, unshare and python3 (ansible's).
 *
 * @example
 * ```ts
 * const r = await inCronSandbox(dir, "true");
 * assert.ok(!r.syslog.some((l) => /ERROR/.test(l)));
 * ```
 */
export async function inCronSandbox(
  cronDir: string,
  then: string,
  env: Record<string, string> = {},
): Promise<SandboxResult> {
  const t = await Deno.makeTempDir({ prefix: "hm-cron-sandbox-" });
  try {
    for (const d of ["spool", "run/lock", "realdev"]) await Deno.mkdir(`${t}/${d}`, { recursive: true });
    await Deno.writeTextFile(`${t}/crontab`, "");
    await Deno.writeTextFile(`${t}/sink.py`, SINK);
    await Deno.writeTextFile(`${t}/then.sh`, then);
    const script = `set -e
T=${t}
mount --make-rprivate /
mount --bind "${cronDir}" /etc/cron.d
mount --bind $T/crontab /etc/crontab
if [ -d /var/spool/cron/crontabs ]; then mount --bind $T/spool /var/spool/cron/crontabs; fi
mount --bind $T/run /run
mount --rbind /dev $T/realdev
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero urandom random; do touch /dev/$n; mount --bind $T/realdev/$n /dev/$n; done
python3 -u $T/sink.py > $T/syslog.txt &
SINK=$!
i=0; while [ ! -S /dev/log ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
cron -f -L 15 &
CRON=$!
i=0; while ! grep -q "Running @reboot jobs" $T/syslog.txt && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
set +e
sh $T/then.sh
rc=$?
kill $CRON; wait $CRON
sleep 0.2
kill $SINK; wait $SINK
exit $rc
`;
    await Deno.writeTextFile(`${t}/run.sh`, script);
    const out = await new Deno.Command("unshare", {
      args: ["-m", "sh", `${t}/run.sh`],
      env: { ...env, PATH: Deno.env.get("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const syslog = (await Deno.readTextFile(`${t}/syslog.txt`).catch(() => "")).split("\n").filter(Boolean);
    return { syslog, code: out.code, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    await Deno.remove(t, { recursive: true });
  }
}
