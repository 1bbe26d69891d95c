import assert from "node:assert/strict";
import { type Journalctl, parseJournalctlVersion } from "../../lib/journal/journalctl.ts";
import { vacuumJournal } from "../../lib/journal/vacuum_journal.ts";
import { renderJournaldDropIn } from "../../lib/journal/journald_dropin.ts";
import { runTask } from "../support/run_task.ts";

Deno.test("journalctl versions: what 219 (Amazon Linux 2) cannot do", () => {
  const al2 = parseJournalctlVersion("systemd 219\n+PAM +AUDIT");
  assert.deepEqual([al2.vacuumSizeTime, al2.vacuumFiles, al2.rotate], [true, false, false]);
  const deb = parseJournalctlVersion("systemd 252 (252.39-1~deb12u2)\n+PAM");
  assert.deepEqual([deb.version, deb.vacuumFiles, deb.rotate, deb.headerSize], [252, true, true, 264]);
  assert.throws(() => parseJournalctlVersion("journalctl: command not found"), RangeError);
});

Deno.test("--files on a journalctl older than 227 is refused with what to use instead, before anything runs", async () => {
  // Only the version answer is given: this checks the support gate, not a vacuum (those run the real journalctl).
  const calls: string[] = [];
  const old: Journalctl = {
    info: () => Promise.resolve(parseJournalctlVersion("systemd 219")),
    vacuum: () => (calls.push("vacuum"), Promise.resolve("")),
    diskUsage: () => (calls.push("usage"), Promise.resolve("")),
  };
  await assert.rejects(vacuumJournal({ directory: "/tmp", limits: { maxFiles: 3 }, dryRun: true }, old), {
    name: "UsageError",
    message: "journalctl 219 has no --vacuum-files (systemd 227+ has it): use --size or --time on this host",
  });
  assert.deepEqual(calls, []);
  assert.doesNotMatch(renderJournaldDropIn({ maxFiles: 3, maxUseBytes: 1024 }, 219), /SystemMaxFiles/);
});

Deno.test("the installed journalctl's capabilities are in the JSON", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runTask("journal-vacuum", ["--directory", dir, "--files", "5", "--dry-run", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    const real = await new Deno.Command("journalctl", { args: ["--version"], stdout: "piped" }).output();
    const version = Number(/^systemd (\d+)/.exec(new TextDecoder().decode(real.stdout))![1]);
    assert.equal(json.journalctl.version, version);
    assert.equal(json.journalctl.vacuum_files, version >= 227);
    assert.equal(typeof json.journalctl.counts_active_size, "boolean");
    assert.deepEqual(json.delete, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
