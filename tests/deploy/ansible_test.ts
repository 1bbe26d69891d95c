import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_task.ts";

// One task result of the ansible.posix.json callback, for our one host.
interface HostResult {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  rc?: number;
  stdout?: string;
  msg?: string;
}

interface PlaybookRun {
  code: number;
  stats: Record<string, { changed: number; failures: number; ok: number; skipped: number }>;
  tasks: Record<string, HostResult>;
  stderr: string;
}

// The real ansible-playbook against localhost (connection local), with an inventory and Ansible's temp files in `dir`.
async function playbook(dir: string, vars: Record<string, string>): Promise<PlaybookRun> {
  await Deno.writeTextFile(
    `${dir}/inventory`,
    "[hostmend]\nlocalhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
  );
  const extra = Object.entries({ hostmend_become: "false", ...vars }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const out = await new Deno.Command("ansible-playbook", {
    args: ["-i", `${dir}/inventory`, `${REPO_ROOT}/deploy/ansible/hostmend.yml`, ...extra],
    env: {
      ANSIBLE_STDOUT_CALLBACK: "ansible.posix.json",
      ANSIBLE_LOCAL_TEMP: `${dir}/ansible-tmp`,
      ANSIBLE_REMOTE_TEMP: `${dir}/ansible-tmp`,
      ANSIBLE_NOCOLOR: "1",
      ANSIBLE_RETRY_FILES_ENABLED: "false",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    throw new Error(
      `ansible-playbook gave no JSON (exit ${out.code}): ${stdout.slice(0, 2000)} ${stderr.slice(-2000)}`,
    );
  }
  const tasks: Record<string, HostResult> = {};
  for (const play of report.plays) {
    for (const t of play.tasks) tasks[t.task.name.replace(/^hostmend : /, "")] = t.hosts.localhost;
  }
  return { code: out.code, stats: report.stats, tasks, stderr };
}

const DENO_DIR = Deno.execPath().replace(/\/[^/]+$/, "");

Deno.test("the playbook installs hostmend from git with make deno and runs disk-clean --dry-run end to end", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hm-ansible-" });
  try {
    const vars = {
      hostmend_repo: REPO_ROOT, // a git clone of this repository's committed HEAD
      hostmend_dir: `${dir}/opt/hostmend`,
      hostmend_path_prepend: DENO_DIR, // the Makefile uses a Deno 2 on PATH rather than downloading one
      task: "disk-clean",
      task_args: "--dry-run",
    };
    const run = await playbook(dir, vars);
    assert.equal(run.code, 0, JSON.stringify(run.tasks, null, 1).slice(0, 3000));
    assert.equal(run.tasks[`Fetch hostmend into ${dir}/opt/hostmend`]?.changed, true);
    assert.equal(run.tasks["Install Deno and the npm dependencies (make deno)"]?.rc, 0);
    const task = run.tasks["Run deno task disk-clean --dry-run"]!;
    assert.equal(task.rc, 0);
    assert.equal(JSON.parse(task.stdout!).dry_run, true);
    assert.equal(task.changed, false, "a dry run changes nothing");
    assert.match(run.tasks["Report"]!.msg!, /^disk-clean rc=0 changed=False dry_run=True/);
    assert.deepEqual(
      { changed: run.stats.localhost!.changed, failures: run.stats.localhost!.failures },
      { changed: 1, failures: 0 }, // the clone
    );
    await Deno.stat(`${dir}/opt/hostmend/scripts/disk_clean.ts`);
    // Again: the checkout is current, so nothing changes on the host.
    const again = await playbook(dir, vars);
    assert.equal(again.code, 0);
    assert.equal(again.stats.localhost!.changed, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("with hostmend already in place the install is skipped, and a failing task fails the host", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hm-ansible-" });
  try {
    await Deno.mkdir(`${dir}/data`);
    await Deno.writeTextFile(`${dir}/data/f`, "x".repeat(10000));
    // hostmend is this checkout: no install step, as with -e hostmend_install=false on a fleet.
    const common = { hostmend_install: "false", hostmend_dir: REPO_ROOT, hostmend_path_prepend: DENO_DIR };
    const run = await playbook(dir, { ...common, task: "disk-audit", task_args: `${dir}/data` });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.tasks[`Fetch hostmend into ${REPO_ROOT}`]?.skipped, true);
    const task = run.tasks[`Run deno task disk-audit ${dir}/data`]!;
    assert.ok(task.rc === 0 || task.rc === 1, `disk-audit exits 0, or 1 when a filesystem is above 80%: ${task.rc}`);
    assert.equal(task.changed, false, "a read-only task changes nothing");
    assert.equal(typeof JSON.parse(task.stdout!), "object");

    const bad = await playbook(dir, { ...common, task: "disk-clean", task_args: "--no-such-flag" });
    assert.notEqual(bad.code, 0);
    assert.equal(bad.tasks["Run deno task disk-clean --no-such-flag"]!.rc, 64);
    assert.equal(bad.tasks["Run deno task disk-clean --no-such-flag"]!.failed, true);
    assert.equal(bad.stats.localhost!.failures, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
