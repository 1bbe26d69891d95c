// ssh-run through the real sshpass, with a stand-in `ssh` on PATH (the process boundary) that talks to sshpass
// on its terminal the way ssh does: a password prompt, a rejected password, an unknown or a changed host key.

import assert from "node:assert/strict";
import { runTask } from "../support/run_task.ts";

const PASSWORD = "s3cret-Hm!42";

// MODE comes from the environment. The stand-in records its argv, stores the password it was given in GOT,
// and looks for the password in every process's argv (grep -f FILE, so not in grep's own argv).
const SSH = `#!/bin/bash
printf '%s\\n' "$@" > "$DIR/argv"
ask() { printf "%s@%s's password: " "$USER_" "$HOST_" > /dev/tty; IFS= read -r p < /dev/tty; }
case "$MODE" in
  ok)
    ask; printf '%s' "$p" > "$DIR/got"
    grep -laF -f "$DIR/password" /proc/[0-9]*/cmdline > "$DIR/leaks" 2>/dev/null
    echo "remote says hello"; echo "remote warning" >&2; exit "\${EXIT:-0}";;
  wrong)
    ask; echo "Permission denied, please try again." > /dev/tty; ask; sleep 5;;
  unknown)
    printf "The authenticity of host 'h (127.0.0.1)' can't be established.\\nED25519 key fingerprint is SHA256:x.\\nAre you sure you want to continue connecting (yes/no/[fingerprint])? " > /dev/tty
    read -r a < /dev/tty;;
  changed)
    printf '@@@@@@@@@@@\\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\\nHost key verification failed.\\n' >&2
    exit 255;;
esac
`;

async function withSsh(fn: (dir: string, env: (mode: string) => Record<string, string>) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-ssh-" });
  try {
    await Deno.mkdir(`${dir}/bin`);
    await Deno.writeTextFile(`${dir}/bin/ssh`, SSH, { mode: 0o755 });
    await Deno.writeTextFile(`${dir}/password`, PASSWORD);
    const env = (mode: string) => ({
      PATH: `${dir}/bin:${Deno.env.get("PATH")}`,
      DIR: dir,
      MODE: mode,
      USER_: "admin",
      HOST_: "db1",
      SSHPASS: "",
    });
    await fn(dir, env);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("ssh-run passes the password by environment, never in any argv, and the remote exit code through", async () => {
  await withSsh(async (dir, env) => {
    const r = await runTask("ssh-run", ["admin@db1", "--", "ls", "-l", "my dir"], {
      env: { ...env("ok"), SSHPASS: PASSWORD, EXIT: "3" },
    });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, "remote says hello\n");
    assert.equal(r.stderr, "remote warning\n");
    assert.equal(await Deno.readTextFile(`${dir}/got`), PASSWORD);
    assert.equal(await Deno.readTextFile(`${dir}/leaks`), "", "no process had the password in its argv");
    assert.deepEqual((await Deno.readTextFile(`${dir}/argv`)).trimEnd().split("\n"), [
      "-o",
      "ConnectTimeout=10",
      "-o",
      "PubkeyAuthentication=no",
      "-o",
      "PreferredAuthentications=keyboard-interactive,password",
      "-l",
      "admin",
      "db1",
      "--",
      "ls -l 'my dir'",
    ]);
  });
});

Deno.test("ssh-run reads the password from --password-file, and --json reports the run", async () => {
  await withSsh(async (dir, env) => {
    const r = await runTask(
      "ssh-run",
      [
        "--json",
        "--password-file",
        `${dir}/password`,
        "-p",
        "2222",
        "--known-hosts",
        `${dir}/kh`,
        "db1",
        "--",
        "uptime",
      ],
      { env: env("ok") },
    );
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.password_source, "file");
    assert.equal(json.exit_code, 0);
    assert.equal(json.stdout, "remote says hello\n");
    assert.equal(json.error, null);
    assert.ok(!JSON.stringify(json).includes(PASSWORD));
    assert.equal(await Deno.readTextFile(`${dir}/got`), PASSWORD);
    assert.equal(await Deno.readTextFile(`${dir}/leaks`), "");
    const argv = (await Deno.readTextFile(`${dir}/argv`)).trimEnd().split("\n");
    assert.deepEqual(argv.slice(-7), ["-o", `UserKnownHostsFile=${dir}/kh`, "-p", "2222", "db1", "--", "uptime"]);
  });
});

Deno.test("ssh-run explains sshpass 5 (wrong password), 6 (unknown host key) and ssh's changed host key", async () => {
  await withSsh(async (_dir, env) => {
    const wrong = await runTask("ssh-run", ["admin@db1", "--", "true"], { env: { ...env("wrong"), SSHPASS: "nope" } });
    assert.equal(wrong.code, 5);
    assert.equal(
      wrong.stderr,
      "ssh-run: wrong password for admin@db1 (sshpass exit 5): check SSHPASS or the --password-file\n",
    );

    const unknown = await runTask("ssh-run", ["db1", "--", "true"], { env: { ...env("unknown"), SSHPASS: PASSWORD } });
    assert.equal(unknown.code, 6);
    assert.match(
      unknown.stderr,
      /^ssh-run: the host key of db1 is unknown \(sshpass exit 6\): check its fingerprint, then run again with --accept-new-host-key/,
    );

    const changed = await runTask("ssh-run", ["db1", "--json", "--", "true"], {
      env: { ...env("changed"), SSHPASS: PASSWORD },
    });
    assert.equal(changed.code, 255);
    assert.match(
      changed.stderr,
      /^ssh-run: the host key of db1 has CHANGED since it was recorded in ~\/\.ssh\/known_hosts: if the host was rebuilt, remove the old key with ssh-keygen -R db1; otherwise do not connect\n$/,
    );
    assert.match(JSON.parse(changed.stdout).stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
  });
});

Deno.test("ssh-run without a password and without a terminal refuses with exit 64", async () => {
  await withSsh(async (_dir, env) => {
    const r = await runTask("ssh-run", ["db1", "--", "true"], { env: env("ok") });
    assert.equal(r.code, 64);
    assert.equal(
      r.stderr,
      "ssh-run: No password: set SSHPASS, or use --password-file FILE, or run in a terminal to be asked (never on the command line)\n",
    );
    const bad = await runTask("ssh-run", ["--port", "70000", "db1", "--", "true"], { env: env("ok") });
    assert.equal(bad.code, 64);
    assert.match(bad.stderr, /^ssh-run: Invalid --port: "70000" is not a port from 1 to 65535\n$/);
  });
});

Deno.test("ssh-run asks on the terminal without echo when there is no SSHPASS", async () => {
  await withSsh(async (dir, env) => {
    // script(1) gives the task a terminal; the password is typed once the prompt is shown, as a person would.
    const child = new Deno.Command("script", {
      args: ["-qec", `${Deno.execPath()} task --quiet ssh-run admin@db1 -- true`, "/dev/null"],
      env: { ...env("ok"), NO_COLOR: "1" },
      cwd: new URL("../..", import.meta.url).pathname,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(30_000),
    }).spawn();
    const writer = child.stdin.getWriter();
    const reader = child.stdout.getReader();
    const decoder = new TextDecoder();
    let screen = "";
    let typed = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      screen += decoder.decode(value, { stream: true });
      if (!typed && screen.includes("Password for admin@db1: ")) {
        typed = true;
        await writer.write(new TextEncoder().encode(`${PASSWORD}\r`));
      }
    }
    await writer.close().catch(() => {});
    const status = await child.status;
    await child.stderr.cancel();
    assert.equal(status.code, 0, screen);
    assert.match(screen, /Password for admin@db1: \r?\n/);
    assert.ok(!screen.includes(PASSWORD), `the password was echoed: ${screen}`);
    assert.equal(await Deno.readTextFile(`${dir}/got`), PASSWORD);
  });
});
