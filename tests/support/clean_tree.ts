// A temp tree for disk-clean: every target's directories with old and new files, plus the traps (symlinks and
// hard links pointing outside, a symlinked directory, a file held open) that must never be touched.

import { archivedName, buildJournalFile } from "./journal_builder.ts";

/** The tree's paths by role. */
export interface CleanTree {
  root: string;
  configPath: string;
  lockPath: string;
  /** Files that the targets must delete. */
  expectedDeleted: string[];
  /** Files that must survive: new files, files outside the targets, the traps. */
  mustSurvive: string[];
  /** An old tmp file this test process holds open (close it in finally). */
  held: Deno.FsFile;
  heldPath: string;
}

const DAY_MS = 86_400_000;

async function write(path: string, bytes: number, ageDays = 0): Promise<string> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeFile(path, crypto.getRandomValues(new Uint8Array(Math.min(bytes, 65536))));
  if (bytes > 65536) {
    const f = await Deno.open(path, { append: true });
    for (let n = 65536; n < bytes; n += 65536) await f.write(new Uint8Array(Math.min(65536, bytes - n)).fill(7));
    f.close();
  }
  if (ageDays > 0) {
    const t = new Date(Date.now() - ageDays * DAY_MS);
    await Deno.utime(path, t, t);
  }
  return path;
}

/**
 * Builds the tree under `root` and a config aiming every target at it (the real system is never touched).
 *
 * @example
 * ```ts
 * const tree = await buildCleanTree(await Deno.makeTempDir());
 * ```
 */
export async function buildCleanTree(root: string): Promise<CleanTree> {
  const expectedDeleted: string[] = [];
  const mustSurvive: string[] = [];
  // Outside every target: what symlinks and hard links point at.
  const victim = await write(`${root}/outside/victim.1`, 4096, 30);
  const hardVictim = await write(`${root}/outside/hard-victim`, 8192, 30);
  mustSurvive.push(victim, hardVictim);

  // Core dumps (one configured directory is a symlink out of the tree: never followed).
  await Deno.symlink(`${root}/outside`, `${root}/crash-link`);
  mustSurvive.push(`${root}/crash-link`);
  expectedDeleted.push(await write(`${root}/coredump/core.app.1000.old.zst`, 200_000, 5));
  expectedDeleted.push(await write(`${root}/crash/_usr_bin_app.0.crash`, 50_000, 4));
  mustSurvive.push(await write(`${root}/coredump/core.app.1000.new.zst`, 100_000, 1));

  // Rotated logs.
  expectedDeleted.push(await write(`${root}/log/syslog.1`, 30_000, 9));
  expectedDeleted.push(await write(`${root}/log/syslog.2.gz`, 20_000, 10));
  expectedDeleted.push(await write(`${root}/log/app.log-20240101`, 10_000, 20));
  expectedDeleted.push(await write(`${root}/log/nginx/access.log.3.gz`, 10_000, 12));
  mustSurvive.push(await write(`${root}/log/syslog`, 10_000, 30)); // the live log, however old
  mustSurvive.push(await write(`${root}/log/syslog.0.gz`, 10_000, 1)); // rotated but recent
  mustSurvive.push(await write(`${root}/log/journal/notes.gz`, 1000, 30)); // the journal's directory
  await Deno.symlink(victim, `${root}/log/evil.1`);
  await Deno.symlink(`${root}/outside`, `${root}/log/linked-dir`);
  await Deno.link(hardVictim, `${root}/log/hard.1`);
  mustSurvive.push(`${root}/log/evil.1`, `${root}/log/hard.1`);

  // tmp.
  expectedDeleted.push(await write(`${root}/tmp/old-upload.bin`, 300_000, 15));
  expectedDeleted.push(await write(`${root}/vartmp/build/cache.o`, 40_000, 40));
  mustSurvive.push(await write(`${root}/tmp/fresh.bin`, 1000, 0));
  mustSurvive.push(await write(`${root}/tmp/systemd-private-abc/tmp/old`, 1000, 30));
  const heldPath = await write(`${root}/tmp/held-open.log`, 5000, 20);
  mustSurvive.push(heldPath);
  await Deno.symlink(`${root}/outside`, `${root}/tmp/link-out`);

  // apt's cache.
  expectedDeleted.push(await write(`${root}/apt/archives/tool_1.0_amd64.deb`, 150_000, 0));
  expectedDeleted.push(await write(`${root}/apt/archives/partial/lib_2.0_amd64.deb`, 10_000, 0));

  // A journal with one archive past 3 days and an active file.
  await Deno.mkdir(`${root}/journal`);
  const old = BigInt(Date.now() - 10 * DAY_MS) * 1000n;
  expectedDeleted.push(
    await buildJournalFile(`${root}/journal`, {
      name: archivedName("system", "7".repeat(32), 1n, old),
      entries: 50,
      startUsec: old,
    }),
  );
  mustSurvive.push(
    await buildJournalFile(`${root}/journal`, { name: "system.journal", entries: 20, startUsec: old + 1000n }),
  );

  const held = await Deno.open(heldPath);
  const configPath = `${root}/config.json`;
  const lockPath = `${root}/disk-clean.lock`;
  await Deno.writeTextFile(
    configPath,
    JSON.stringify(
      {
        disk_clean: {
          path: root,
          lock: lockPath,
          targets: ["journal", "package-cache", "core-dumps", "rotated-logs", "tmp"],
          journal: { directory: `${root}/journal`, time: "3days", size: "500M" },
          package_cache: { manager: "apt", cache_dir: `${root}/apt` },
          core_dumps: { dirs: [`${root}/coredump`, `${root}/crash`, `${root}/crash-link`], older_than: "3days" },
          rotated_logs: { dir: `${root}/log`, older_than: "7days" },
          tmp: { dirs: [`${root}/tmp`, `${root}/vartmp`], older_than: "10days" },
        },
      },
      null,
      2,
    ),
  );
  return { root, configPath, lockPath, expectedDeleted, mustSurvive, held, heldPath };
}
