// ssh-run against a real sshd on 127.0.0.1 with a temp host key. sshd runs in a private mount namespace where a
// temp shadow file (root's password known to the test) is bound over /etc/shadow and /run is a fresh tmpfs, so
// nothing of the machine's own accounts or /run is touched. Needs root, unshare and openssh-server.

import assert from "node:assert/strict";
import { runCommand } from "../../lib/host/run_command.ts";
import { runTask } from "../support/run_task.ts";

const PASSWORD = "hm-sshd-Pw.7731";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function waitForPort(port: number, child: Deno.ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`sshd did not listen on 127.0.0.1:${port}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

Deno.test("ssh-run with a real sshd: unknown key, accept-new, exit codes, wrong password, changed key", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-sshd-" });
  let sshd: Deno.ChildProcess | undefined;
  try {
    const port = freePort();
    await runCommand(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", `${dir}/host_key`]);
    await runCommand(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", `${dir}/other_key`]);
    const hash = (await runCommand(["openssl", "passwd", "-6", "-stdin"], { stdin: `${PASSWORD}\n` })).stdout.trim();
    await Deno.writeTextFile(`${dir}/shadow`, `root:${hash}:19000:0:99999:7:::\n`, { mode: 0o600 });
    await Deno.writeTextFile(`${dir}/password`, PASSWORD);
    await Deno.writeTextFile(`${dir}/wrong`, "not-the-password\n");
    await Deno.writeTextFile(
      `${dir}/sshd_config`,
      [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${dir}/host_key`,
        "PermitRootLogin yes",
        "PasswordAuthentication yes",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "PidFile none",
        "AuthorizedKeysFile none",
        "StrictModes no",
        "",
      ].join("\n"),
    );
    await Deno.writeTextFile(
      `${dir}/start.sh`,
      `set -e
mount -t tmpfs hostmend-test /run
mkdir -m 755 /run/sshd
mount --bind '${dir}/shadow' /etc/shadow
exec /usr/sbin/sshd -D -e -f '${dir}/sshd_config'
`,
    );
    sshd = new Deno.Command("unshare", {
      args: ["--mount", "--propagation", "private", "/bin/sh", `${dir}/start.sh`],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForPort(port, sshd);

    const knownHosts = `${dir}/known_hosts`;
    await Deno.writeTextFile(knownHosts, "");
    const base = ["-p", String(port), "--known-hosts", knownHosts, "root@127.0.0.1"];
    const env = { SSHPASS: "" };

    await t.step("a host key never seen: sshpass 6, explained", async () => {
      const r = await runTask("ssh-run", ["--password-file", `${dir}/password`, ...base, "--", "true"], { env });
      assert.equal(r.code, 6, r.stderr);
      assert.match(r.stderr, /ssh-run: the host key of root@127\.0\.0\.1:\d+ is unknown \(sshpass exit 6\)/);
      assert.equal(await Deno.readTextFile(knownHosts), "");
    });

    await t.step("--accept-new-host-key records it; the remote exit code and output pass through", async () => {
      const r = await runTask("ssh-run", [
        "--accept-new-host-key",
        "--password-file",
        `${dir}/password`,
        ...base,
        "--",
        "echo hello from sshd; exit 3",
      ], { env });
      assert.equal(r.code, 3, r.stderr);
      assert.equal(r.stdout, "hello from sshd\n");
      // One line, the host name possibly hashed (HashKnownHosts), with the server's key.
      const hostKey = (await Deno.readTextFile(`${dir}/host_key.pub`)).trim().split(" ").slice(0, 2).join(" ");
      const lines = (await Deno.readTextFile(knownHosts)).trim().split("\n");
      assert.equal(lines.length, 1);
      assert.ok(lines[0]!.endsWith(` ${hostKey}`), lines[0]);
    });

    await t.step("several words reach the remote side as exactly those arguments", async () => {
      const r = await runTask("ssh-run", [...base, "--", "printf", "%s|", "a b", "it's", "$HOME"], {
        env: { SSHPASS: PASSWORD },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "a b|it's|$HOME|");
    });

    await t.step("the remote command reads ssh-run's stdin", async () => {
      const r = await runTask("ssh-run", [...base, "--", "tr a-z A-Z"], {
        env: { SSHPASS: PASSWORD },
        stdin: "piped through ssh\n",
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "PIPED THROUGH SSH\n");
    });

    await t.step("no process shows the password in its argv while the session runs", async () => {
      // The remote command runs on this machine, so it can look at every process, ssh-run's included.
      const r = await runTask("ssh-run", [
        ...base,
        "--",
        `grep -laF -f '${dir}/password' /proc/[0-9]*/cmdline; ps -eo args | grep -c sshpass`,
      ], { env: { SSHPASS: PASSWORD } });
      assert.equal(r.code, 0, r.stderr);
      // Only the count of sshpass processes is printed (at least one: ours); no file has the password.
      assert.match(r.stdout, /^[1-9]\d*\n$/);
    });

    await t.step("a wrong password: sshpass 5, explained", async () => {
      const r = await runTask("ssh-run", ["--password-file", `${dir}/wrong`, ...base, "--", "true"], { env });
      assert.equal(r.code, 5);
      assert.match(r.stderr, /ssh-run: wrong password for root@127\.0\.0\.1:\d+ \(sshpass exit 5\)/);
    });

    await t.step("a changed host key: refused by ssh, explained with the fix", async () => {
      const other = (await Deno.readTextFile(`${dir}/other_key.pub`)).trim();
      await Deno.writeTextFile(knownHosts, `[127.0.0.1]:${port} ${other}\n`);
      const r = await runTask("ssh-run", ["--json", ...base, "--", "true"], { env: { SSHPASS: PASSWORD } });
      assert.equal(r.code, 255);
      assert.match(
        r.stderr,
        new RegExp(
          `ssh-run: the host key of root@127\\.0\\.0\\.1:${port} has CHANGED since it was recorded in ${knownHosts}: ` +
            `if the host was rebuilt, remove the old key with ssh-keygen -R '\\[127\\.0\\.0\\.1\\]:${port}' -f ${knownHosts}; otherwise do not connect`,
        ),
      );
      assert.match(JSON.parse(r.stdout).stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    });
  } finally {
    if (sshd) {
      sshd.kill("SIGTERM");
      await sshd.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});
