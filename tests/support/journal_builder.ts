// Real journal files for tests: entries in journal export format fed to systemd-journal-remote, which writes
// a genuine journal file; renamed to journald's archived names when a test wants archived files.

/** Where systemd-journal-remote lives on Debian (package systemd-journal-remote). */
export const JOURNAL_REMOTE = "/lib/systemd/systemd-journal-remote";

/** One journal file to build. */
export interface JournalFileSpec {
  /** File name in the directory, e.g. `system.journal` or {@linkcode archivedName}(...). */
  name: string;
  /** Number of entries (about 2 KiB of poorly compressible text each by default). */
  entries: number;
  /** Realtime of the first entry, µs; later entries follow one second apart. */
  startUsec: bigint;
  /** Random bytes per message (hex-encoded, so the message is twice as long). Default 2000. */
  messageBytes?: number;
}

/**
 * journald's archived name: `<prefix>@<seqnum id>-<head seqnum>-<head realtime>.journal`.
 *
 * @example
 * ```ts
 * archivedName("system", "a".repeat(32), 1n, 1600000000000000n);
 * ```
 */
export function archivedName(prefix: string, seqnumId: string, seqnum: bigint, realtime: bigint): string {
  return `${prefix}@${seqnumId}-${hex16(seqnum)}-${hex16(realtime)}.journal`;
}

/**
 * journald's name for a dirty file it set aside: `<prefix>@<realtime>-<random>.journal~`.
 *
 * @example
 * ```ts
 * dirtyName("system", 1600000000000000n, 42n);
 * ```
 */
export function dirtyName(prefix: string, realtime: bigint, random: bigint): string {
  return `${prefix}@${hex16(realtime)}-${hex16(random)}.journal~`;
}

function hex16(n: bigint): string {
  return n.toString(16).padStart(16, "0");
}

/**
 * Writes a real journal file `dir/spec.name` with systemd-journal-remote. Needs `--allow-run` and `--allow-write`.
 *
 * @example
 * ```ts
 * await buildJournalFile(dir, { name: "system.journal", entries: 100, startUsec: 1600000000000000n });
 * ```
 */
export async function buildJournalFile(dir: string, spec: JournalFileSpec): Promise<string> {
  const temp = `${dir}/.build-${crypto.randomUUID()}.journal`;
  const child = new Deno.Command(JOURNAL_REMOTE, {
    args: [`--output=${temp}`, "-"],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  const random = new Uint8Array(spec.messageBytes ?? 2000);
  const boot = "0123456789abcdef0123456789abcdef";
  let chunk = "";
  for (let i = 0; i < spec.entries; i++) {
    crypto.getRandomValues(random);
    const text = Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
    const realtime = spec.startUsec + BigInt(i) * 1_000_000n;
    chunk += `__REALTIME_TIMESTAMP=${realtime}\n__MONOTONIC_TIMESTAMP=${i * 1_000_000 + 1}\n_BOOT_ID=${boot}\n` +
      `_HOSTNAME=hostmend-test\nSYSLOG_IDENTIFIER=test\nMESSAGE=entry ${i} ${text}\n\n`;
    if (chunk.length > 1 << 20) {
      await writer.write(encoder.encode(chunk));
      chunk = "";
    }
  }
  await writer.write(encoder.encode(chunk));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new Error(`systemd-journal-remote failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  const path = `${dir}/${spec.name}`;
  await Deno.rename(temp, path);
  return path;
}

/** The names of a standard test tree, by role. */
export interface JournalTree {
  dir: string;
  /** The machine-id subdirectory, with its own archived and active files. */
  subdir: string;
  all: string[];
}

const DAY = 86_400_000_000n;

/**
 * Builds about 100 MB of real journals in `dir` (and a machine-id subdirectory): archived system files of one
 * seqnum id (one whose seqnum and time disagree), user files of another id, a dirty `.journal~`, an empty
 * archive, an archive aged only by its mtime, active files, and things vacuum must ignore.
 *
 * @example
 * ```ts
 * const tree = await buildJournalTree(await Deno.makeTempDir());
 * ```
 */
export async function buildJournalTree(dir: string, nowUsec = BigInt(Date.now()) * 1000n): Promise<JournalTree> {
  const sys = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
  const user = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
  const ago = (days: number) => nowUsec - BigInt(days) * DAY;
  const specs: JournalFileSpec[] = [
    { name: archivedName("system", sys, 100n, ago(30)), entries: 1500, startUsec: ago(30) },
    { name: archivedName("system", sys, 2000n, ago(26)), entries: 3200, startUsec: ago(26) },
    // Older by time than the one before, but later by seqnum: vacuum goes by seqnum within one id.
    { name: archivedName("system", sys, 6000n, ago(28)), entries: 1500, startUsec: ago(28) },
    { name: archivedName("system", sys, 8000n, ago(20)), entries: 1500, startUsec: ago(20) },
    { name: archivedName("system", sys, 10000n, ago(12)), entries: 1500, startUsec: ago(12) },
    { name: archivedName("system", sys, 12000n, ago(5)), entries: 1500, startUsec: ago(5) },
    { name: archivedName("system", sys, 14000n, ago(2)), entries: 1500, startUsec: ago(2) },
    { name: archivedName("user-1000", user, 1n, ago(24)), entries: 1500, startUsec: ago(24) },
    { name: archivedName("user-1000", user, 900n, ago(9)), entries: 1500, startUsec: ago(9) },
    { name: dirtyName("system", ago(15), 0x1234n), entries: 1500, startUsec: ago(15) },
    { name: "system.journal", entries: 1500, startUsec: ago(1) },
    { name: "user-1000.journal", entries: 300, startUsec: ago(1) },
  ];
  const all: string[] = [];
  for (const spec of specs) all.push(await buildJournalFile(dir, spec));
  // Named as 1 day old, but its mtime says 40 days: vacuum ages it by the older of the two.
  const aged = await buildJournalFile(dir, {
    name: archivedName("system", "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3", 5n, ago(1)),
    entries: 300,
    startUsec: ago(1),
  });
  const old = new Date(Number((nowUsec - 40n * DAY) / 1000n));
  await Deno.utime(aged, old, old);
  all.push(aged);
  // An archive with no entries (shorter than a header): every vacuum deletes it.
  const empty = `${dir}/${archivedName("system", "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4", 1n, ago(1))}`;
  await Deno.writeFile(empty, new Uint8Array(100));
  all.push(empty);
  // Not journal files, or not regular files: vacuum ignores them.
  await Deno.writeTextFile(`${dir}/notes.txt`, "not a journal\n");
  await Deno.symlink(all[0]!, `${dir}/${archivedName("system", "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5", 1n, ago(50))}`);
  const subdir = `${dir}/0123456789abcdef0123456789abcdef`;
  await Deno.mkdir(subdir);
  const mid = "9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f";
  all.push(
    await buildJournalFile(subdir, {
      name: archivedName("system", mid, 1n, ago(21)),
      entries: 1500,
      startUsec: ago(21),
    }),
  );
  all.push(
    await buildJournalFile(subdir, {
      name: archivedName("system", mid, 3000n, ago(6)),
      entries: 1500,
      startUsec: ago(6),
    }),
  );
  all.push(await buildJournalFile(subdir, { name: "system.journal", entries: 300, startUsec: ago(1) }));
  return { dir, subdir, all };
}

/**
 * Sets the `user.crtime_usec` attribute journald stores on the files it creates (via libc, FFI), so a test can
 * make a file's recorded creation time older than its name. Needs `--allow-ffi`.
 *
 * @example
 * ```ts
 * setJournalCrtime(path, 1600000000000000n);
 * ```
 */
export function setJournalCrtime(path: string, usec: bigint): void {
  const libc = Deno.dlopen("libc.so.6", {
    setxattr: { parameters: ["buffer", "buffer", "buffer", "usize", "i32"], result: "i32" },
  });
  try {
    const value = new Uint8Array(8);
    new DataView(value.buffer).setBigUint64(0, usec, true);
    const enc = new TextEncoder();
    const rc = libc.symbols.setxattr(enc.encode(`${path}\0`), enc.encode("user.crtime_usec\0"), value, 8n, 0);
    if (rc !== 0) throw new Error(`setxattr failed on ${path}`);
  } finally {
    libc.close();
  }
}
