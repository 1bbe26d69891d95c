// A deterministic "server-like" tree for the benchmarks: a random recursive tree of directories (depth like
// /usr, /var, /home), a heavy-tailed number of files per directory, mostly small files with some larger and
// sparse ones, plus the hard cases of the tests (20,000 entries in one directory, names with newlines and
// names that are not UTF-8, sparse files, symlink loops, hard links).

import { buildHardTree } from "../tests/disk/hard_tree.ts";

/** A small seeded PRNG (mulberry32): the same seed gives the same tree. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["lib", "share", "doc", "log", "cache", "src", "node_modules", "python3", "site-packages", "data"];

/**
 * Generates about `entries` entries (directories + files + the hard tree) in about `entries / 10` directories
 * under `dir`. Needs `--allow-write` and `--allow-run=bash` (for the names that are not UTF-8).
 *
 * @example
 * ```ts
 * await generateTree("bench/out/tree-300000", { entries: 300_000 });
 * ```
 */
export async function generateTree(dir: string, options: { entries: number; seed?: number }): Promise<void> {
  const random = rng(options.seed ?? 42);
  await Deno.mkdir(`${dir}/hard`, { recursive: true });
  await buildHardTree(`${dir}/hard`);
  const hardEntries = 20_100;
  const dirCount = Math.round((options.entries - hardEntries) / 10);
  const fileCount = options.entries - hardEntries - dirCount;
  // Directories: each new one goes under a random existing one, a random recursive tree (depth ~ ln n).
  const dirs: string[] = [dir];
  for (let i = 1; i < dirCount; i++) {
    const parent = dirs[Math.floor(random() * dirs.length)]!;
    const name = `${WORDS[Math.floor(random() * WORDS.length)]}-${i}`;
    const path = `${parent}/${name}`;
    Deno.mkdirSync(path);
    dirs.push(path);
  }
  // Files: a heavy-tailed share per directory; sizes mostly under 1 KiB, some to 8 KiB, a few to 128 KiB, and
  // every 500th a sparse file with a large apparent size.
  const data = new Uint8Array(128 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  const weights = dirs.map(() => Math.pow(random(), 4));
  const sum = weights.reduce((a, b) => a + b, 0);
  let made = 0;
  for (let d = 0; d < dirs.length && made < fileCount; d++) {
    const count = d === dirs.length - 1
      ? fileCount - made
      : Math.min(fileCount - made, Math.round((weights[d]! / sum) * fileCount));
    for (let f = 0; f < count; f++, made++) {
      const path = `${dirs[d]}/file-${made}.dat`;
      const r = random();
      const size = r < 0.85 ? Math.floor(random() * 1024) : r < 0.99 ? 1024 + Math.floor(random() * 7168) : 8192 +
        Math.floor(random() * 122880);
      if (made % 500 === 0) {
        Deno.writeFileSync(path, data.subarray(0, 100));
        Deno.truncateSync(path, 50 * 1024 * 1024);
      } else {
        Deno.writeFileSync(path, data.subarray(0, size));
      }
    }
  }
}

if (import.meta.main) {
  const [dir, entries] = Deno.args;
  if (!dir || !entries) throw new Error("usage: gen_tree.ts DIR ENTRIES");
  await generateTree(dir, { entries: Number(entries) });
}
