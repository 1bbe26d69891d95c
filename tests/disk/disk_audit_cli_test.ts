// disk-audit as a user runs it: `deno task disk-audit …` spawned, exit codes, JSON, report, export, -x, and an
// unprivileged user meeting unreadable directories.
import assert from "node:assert/strict";
import { REPO_ROOT, runTask } from "../support/run_task.ts";
import { BAD_NAME_DIR, buildHardTree, duBytes, HARD_TREE_DIRS } from "./hard_tree.ts";

// Limits no filesystem of a test machine reaches, so the exit code only says whether the scan is complete.
const CALM = ["--warn", "100", "--crit", "100"];

Deno.test("disk-audit on the hard tree", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-audit-" });
  try {
    await buildHardTree(dir);

    await t.step("--json has the documented fields and equals du to the byte", async () => {
      const r = await runTask("disk-audit", ["--json", "--depth", "1", "--top", "100", ...CALM, dir]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      const du = await duBytes(dir);
      const duApparent = await duBytes(dir, { apparent: true });
      const duChildren = await duBytes(dir, { children: true });
      assert.equal(out.root.path, dir);
      assert.equal(out.root.bytes, du.sizes.get(dir));
      assert.equal(out.root.apparent_bytes, duApparent.sizes.get(dir));
      assert.deepEqual(
        out.root.children.map((c: { path: string }) => c.path).sort(),
        [...HARD_TREE_DIRS, BAD_NAME_DIR].map((d) => `${dir}/${d}`).sort(),
      );
      for (const c of out.root.children) {
        assert.equal(c.bytes, duChildren.sizes.get(c.path), c.path);
        assert.deepEqual(c.children, []);
      }
      assert.ok(Array.isArray(out.files) && out.files[0].path === `${dir}/hard/one`);
      assert.ok(out.filesystems.length >= 1);
      assert.ok(out.filesystems.every((f: { status: string; mount_point: string }) => f.status === "ok"));
      assert.ok(Array.isArray(out.open_deleted));
      assert.deepEqual(out.errors, { count: 0, samples: [] });
      assert.equal(out.complete, true);
      assert.equal(out.scanner, "ffi");
      assert.equal(out.exit_code, 0);
    });

    await t.step("--scanner portable says so and gets the UTF-8 part right", async () => {
      const r = await runTask("disk-audit", ["--json", "--scanner", "portable", ...CALM, `${dir}/hard`]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.scanner, "portable");
      assert.equal(out.root.bytes, (await duBytes(`${dir}/hard`)).sizes.get(`${dir}/hard`));
    });

    await t.step("the report shows filesystems, the drill-down and largest files", async () => {
      const r = await runTask("disk-audit", ["--depth", "2", "--apparent", ...CALM, dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Filesystems \(warn ≥ 100%, crit ≥ 100%\)/);
      assert.match(r.stdout, /Biggest directories under /);
      assert.match(r.stdout, /\n\s+\S+ \(\S+\)\s+ {2}hard\/\n/);
      assert.match(r.stdout, /Largest files\n.*\/hard\/one\n/);
      assert.match(r.stdout, /\(ffi scanner, /);
      assert.equal(r.stderr, ""); // no progress: stderr is not a terminal
    });

    await t.step("--export writes ncdu's format: real ncdu reads it back", async () => {
      const file = `${dir}.ncdu.json`;
      try {
        const r = await runTask("disk-audit", ["--json", "--export", file, ...CALM, dir]);
        assert.equal(r.code, 0, r.stderr);
        const ncdu = await new Deno.Command("ncdu", { args: ["-f", file, "-o", "-"] }).output();
        assert.equal(ncdu.code, 0, new TextDecoder().decode(ncdu.stderr));
        const [major, , meta, root] = JSON.parse(new TextDecoder().decode(ncdu.stdout));
        assert.equal(major, 1);
        assert.equal(meta.progname, "ncdu");
        assert.match(await Deno.readTextFile(file), /^\[1,2,\{"progname":"hostmend"/);
        assert.equal(root[0].name, dir);
        // The disk usage ncdu re-exports, hard links counted once, is du's.
        const seen = new Set<number>();
        const sum = (node: unknown): number => {
          if (Array.isArray(node)) return node.reduce((s: number, n) => s + sum(n), 0);
          const e = node as { dsize?: number; ino?: number; hlnkc?: boolean };
          if (e.hlnkc) {
            if (seen.has(e.ino!)) return 0;
            seen.add(e.ino!);
          }
          return e.dsize ?? 0;
        };
        assert.equal(sum(root), (await duBytes(dir)).sizes.get(dir));
      } finally {
        await Deno.remove(file).catch(() => {});
      }
    });

    await t.step(
      "-x skips a bind mount below PATH (mountinfo, not st_dev); without -x it is counted like du",
      async () => {
        const mnt = `${dir}/bind-of-words`;
        await Deno.mkdir(mnt);
        const mount = await new Deno.Command("mount", { args: ["--bind", `${dir}/words`, mnt] }).output();
        assert.equal(mount.code, 0, new TextDecoder().decode(mount.stderr));
        try {
          const all = JSON.parse((await runTask("disk-audit", ["--json", ...CALM, dir])).stdout);
          const du = (await duBytes(dir)).sizes.get(dir)!;
          assert.equal(all.root.bytes, du);
          const x = JSON.parse((await runTask("disk-audit", ["--json", "-x", ...CALM, dir])).stdout);
          assert.equal(x.root.bytes, du - (await duBytes(mnt)).sizes.get(mnt)!);
        } finally {
          await new Deno.Command("umount", { args: [mnt] }).output();
          await Deno.remove(mnt);
        }
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad input exits 64 with a one-line message", async () => {
  const cases: [string[], RegExp][] = [
    [["--depth", "-1"], /Invalid --depth: "-1" is not a whole number from 0/],
    [["--depth=-1"], /Invalid --depth: "-1" is not a whole number from 0/],
    [["--top", "abc"], /Invalid --top: "abc" is not a whole number from 1/],
    [["--warn", "95", "--crit", "90"], /Invalid --warn 95%: it must not be above --crit 90%/],
    [["--crit", "120%"], /Invalid --crit: /],
    [["--scanner", "fast"], /"fast" is not a scanner: use auto, ffi or portable/],
    [["--bogus"], /Unknown option "--bogus"/],
    [["/no/such/dir"], /No such file or directory "\/no\/such\/dir"/],
    [["/tmp", "/var"], /Too many arguments/],
  ];
  for (const [args, message] of cases) {
    const r = await runTask("disk-audit", args);
    assert.equal(r.code, 64, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.equal(r.stdout, "");
  }
});

Deno.test("--help exits 0 and names every option", async () => {
  const r = await runTask("disk-audit", ["--help"]);
  assert.equal(r.code, 0);
  for (
    const flag of ["--depth", "--top", "--files", "--one-file-system", "--exclude", "--apparent", "--warn", "--crit"]
  ) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

Deno.test("the exit code follows --warn: a filesystem at or above it gives at least 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runTask("disk-audit", ["--json", "--warn", "0", "--crit", "100", dir]);
    const out = JSON.parse(r.stdout);
    assert.ok(out.filesystems.some((f: { status: string }) => f.status !== "ok"));
    assert.ok(r.code === 1 || r.code === 2, r.stderr);
    assert.equal(out.exit_code, r.code);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("as an unprivileged user, unreadable directories are counted, listed, and make the result incomplete", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hostmend-nobody-" });
  const denoDir = await Deno.makeTempDir({ prefix: "hostmend-deno-dir-" });
  try {
    // nobody must be able to reach the tree and to write Deno's cache.
    await Deno.chmod(dir, 0o755);
    await Deno.chmod(denoDir, 0o777);
    await Deno.mkdir(`${dir}/open/inner`, { recursive: true });
    await Deno.writeFile(`${dir}/open/inner/data`, new Uint8Array(20_000));
    await Deno.mkdir(`${dir}/closed`);
    await Deno.writeFile(`${dir}/closed/secret`, new Uint8Array(50_000));
    await Deno.chmod(`${dir}/closed`, 0o000);
    await Deno.mkdir(`${dir}/private/deeper`, { recursive: true, mode: 0o700 });
    await Deno.chmod(`${dir}/private`, 0o700);
    await Deno.chmod(`${dir}/open`, 0o755);
    await Deno.chmod(`${dir}/open/inner`, 0o755);
    // The task's own `deno run` line (same permissions), run as nobody. Not `deno task`: with an empty DENO_DIR
    // it would fetch every npm package of deno.json first.
    const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}/deno.json`));
    const [, ...runArgs] = (config.tasks["disk-audit"].command as string).split(" ");
    const { repo, deno } = await reachableByNobody(denoDir);
    const out = await new Deno.Command("setpriv", {
      args: [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        deno,
        ...runArgs.map((a) => a.startsWith("scripts/") ? `${repo}/${a}` : a),
        "--json",
        ...CALM,
        dir,
      ],
      cwd: "/",
      env: { NO_COLOR: "1", DENO_DIR: denoDir, HOME: denoDir, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
      clearEnv: true,
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    const result = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(result.complete, false);
    assert.equal(result.errors.count, 2);
    assert.deepEqual(
      result.errors.samples.map((s: { path: string; code: string }) => [s.path, s.code]).sort(),
      [[`${dir}/closed`, "EACCES"], [`${dir}/private`, "EACCES"]],
    );
    // du, run as the same user, counts the same (the unreadable directories' own blocks included).
    const du = await duBytes(dir, { asUser: 65534 });
    assert.equal(du.code, 1);
    assert.equal(result.root.bytes, du.sizes.get(dir));
  } finally {
    await Deno.chmod(`${dir}/closed`, 0o755).catch(() => {});
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(denoDir, { recursive: true });
  }
});

// The checkout and the Deno binary as nobody can reach them: where they are, or copies in `dir` when they live
// somewhere nobody cannot enter (a checkout under /root, say).
async function reachableByNobody(dir: string): Promise<{ repo: string; deno: string }> {
  const nobodyCan = async (test: string, path: string) =>
    (await new Deno.Command("setpriv", {
      args: ["--reuid=65534", "--regid=65534", "--clear-groups", "test", test, path],
    }).output()).success;
  let repo = REPO_ROOT;
  if (!(await nobodyCan("-r", `${REPO_ROOT}/scripts/disk_audit.ts`))) {
    repo = `${dir}/repo`;
    await Deno.mkdir(`${repo}/lib`, { recursive: true });
    await Deno.mkdir(`${repo}/scripts`);
    for (const part of ["lib/cli", "lib/host", "lib/disk"]) {
      await new Deno.Command("cp", { args: ["-r", `${REPO_ROOT}/${part}`, `${repo}/lib/`] }).output();
    }
    for (const file of ["deno.json", "deno.lock", "scripts/disk_audit.ts"]) {
      await Deno.copyFile(`${REPO_ROOT}/${file}`, `${repo}/${file}`);
    }
    await new Deno.Command("chmod", { args: ["-R", "a+rX", repo] }).output();
  }
  let deno = Deno.execPath();
  if (!(await nobodyCan("-x", deno))) {
    deno = `${dir}/deno`;
    await Deno.copyFile(Deno.execPath(), deno);
    await Deno.chmod(deno, 0o755);
  }
  return { repo, deno };
}

Deno.test("on a terminal, progress shows on stderr, and Ctrl-C stops the scan with exit 130", async () => {
  // script(1) gives the task a pseudo-terminal; writing ^C into it is a user pressing Ctrl-C.
  const task = `${Deno.execPath()} task --quiet --config ${REPO_ROOT}/deno.json disk-audit --json /`;
  const child = new Deno.Command("script", {
    args: ["-qfec", task, "/dev/null"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const writer = child.stdin.getWriter();
  const decoder = new TextDecoder();
  let screen = "";
  for await (const chunk of child.stdout) {
    screen += decoder.decode(chunk);
    if (/scanning \/: [\d,]+ entries/.test(screen) && !screen.includes("^C")) {
      await writer.write(new Uint8Array([3]));
      await writer.close();
    }
  }
  const status = await child.status;
  assert.ok(screen.includes("\r\x1b[Kdisk-audit: scanning /: "), screen.slice(0, 300)); // redrawn in place
  assert.match(screen, /disk-audit was interrupted/);
  assert.equal(status.code, 130, screen.slice(-300));
});
