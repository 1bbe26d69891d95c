// Measures, rather than assumes, how the installed journalctl vacuums where systemd versions differ: whether
// active files count toward --vacuum-size (upstream 254, backported to e.g. Debian 252.3x and RHEL 8) and
// whether the --directory itself is vacuumed (244+). Two tiny vacuums of a throw-away temp directory.

import type { Journalctl } from "./journalctl.ts";
import type { VacuumBehaviour } from "./plan_vacuum.ts";

const SEQNUM_ID = "68656c6c6f2d686f73746d656e642121";

/**
 * Runs the real journalctl twice on a temp directory of minimal files and reports its vacuum behaviour.
 * Needs `--allow-write` for the temp directory and `--allow-run=journalctl`.
 *
 * @example
 * ```ts
 * const behaviour = await probeVacuumBehaviour(createJournalctl());
 * ```
 */
export async function probeVacuumBehaviour(journalctl: Journalctl): Promise<VacuumBehaviour> {
  const root = await Deno.makeTempDir({ prefix: "hostmend-journal-probe-" });
  try {
    const sub = `${root}/${"0".repeat(31)}1`;
    await Deno.mkdir(sub);
    await writeFakeJournal(`${sub}/system.journal`, 64 * 1024);
    await writeFakeJournal(`${sub}/${archivedName(1)}`, 8192);
    await writeFakeJournal(`${sub}/${archivedName(2)}`, 8192);
    await writeFakeJournal(`${root}/${archivedName(1)}`, 8192);
    // The archives hold 16K, the active file 64K: a 20K limit deletes archives only if the active file counts.
    await journalctl.vacuum(root, { maxUseBytes: 20 * 1024 });
    const countsActiveSize = !(await exists(`${sub}/${archivedName(1)}`));
    // Any limit deletes the lone archive at the top, unless journalctl skips the top directory.
    await journalctl.vacuum(root, { maxUseBytes: 1 });
    const vacuumsRootDirectory = !(await exists(`${root}/${archivedName(1)}`));
    return { countsActiveSize, vacuumsRootDirectory };
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
}

function archivedName(seqnum: number): string {
  const hex = seqnum.toString(16).padStart(16, "0");
  return `system@${SEQNUM_ID}-${hex}-${hex}.journal`;
}

/** A file vacuum treats as a non-empty journal: the signature and n_entries = 1, the rest filler. */
async function writeFakeJournal(path: string, size: number): Promise<void> {
  const bytes = new Uint8Array(size).fill(0x2a);
  bytes.set(new TextEncoder().encode("LPKSHHRH"), 0);
  bytes.fill(0, 8, 152);
  new DataView(bytes.buffer).setBigUint64(152, 1n, true);
  await Deno.writeFile(path, bytes);
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
