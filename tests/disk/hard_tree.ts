// Builds the "hard tree" of the disk-audit tests in a temp folder, and asks real GNU du about it.
// Bash builds it because names that are not UTF-8 cannot be made from Deno strings.

import { bytesToBinary, displayPath } from "../../lib/disk/binary_path.ts";

/** Top-level children of the hard tree that are directories (display names). */
export const HARD_TREE_DIRS = [
  "big",
  "deep",
  "empty",
  "hard",
  "links",
  "nest\nline",
  "sparse",
  "words",
  "x-shared",
  "y-shared",
];

/** The directory whose name is not valid UTF-8 ("bad" + 0xff + "dir"), as displayed. */
export const BAD_NAME_DIR = "bad\\xffdir";

/**
 * Creates the hard tree under `dir`: 20,000 entries in one directory, a name with a newline, names that are not
 * UTF-8 (unless `utf8Only`) with a subtree below, sparse files, symlink loops and a dangling symlink, hard links
 * inside one child and across two children, 40 levels of nesting, and empty directories.
 */
export async function buildHardTree(dir: string, options: { utf8Only?: boolean; bigCount?: number } = {}) {
  const script = String.raw`
set -eu
cd "$1"
big=$2
mkdir -p big deep empty/e1/e2 hard links sparse words x-shared y-shared "nest
line/inner"
# 20,000 entries in one directory; every 50th holds data so block counts vary
i=0
while [ $i -lt $big ]; do
  if [ $((i % 50)) -eq 0 ]; then printf '%*s' $((i % 13 + 1)) '' > big/f$i; else : > big/f$i; fi
  i=$((i + 1))
done
# names with newlines and other odd bytes
printf 'hello' > "nest
line/inner/file
with newline"
head -c 70000 /dev/zero > "nest
line/tab	name"
# sparse files: 1 GiB apparent, a few blocks on disk
truncate -s 1G sparse/hole.img
printf 'data' | dd of=sparse/hole.img bs=1 seek=500000000 conv=notrunc status=none
truncate -s 10M sparse/empty.img
# symlink loops, a dangling link, a link to a big file outside
ln -s . links/self
ln -s ../links links/parent
ln -s /nonexistent/target links/dangling
ln -s ../words links/to-words
# hard links inside one child and across two children
head -c 100000 /dev/urandom > hard/one
ln hard/one hard/two
ln hard/one hard/three
head -c 50000 /dev/urandom > x-shared/file
ln x-shared/file y-shared/file
# 40 levels of nesting
p=deep
for n in $(seq 1 40); do p=$p/d$n; done
mkdir -p "$p"
printf 'bottom' > "$p/leaf"
n=1; for w in alpha beta gamma delta; do head -c $((n * 15000)) /dev/urandom > words/$w.txt; n=$((n + 1)); done
printf 'top' > top-file
if [ "$3" = yes ]; then
  mkdir -p $'bad\xffdir/sub\xfe'
  head -c 30000 /dev/urandom > $'bad\xffdir/sub\xfe/payload'
  head -c 9000 /dev/urandom > $'bad\xffdir/f\xe9'
  printf 'x' > $'caf\xe9-file'
fi
`;
  const out = await new Deno.Command("bash", {
    args: ["-c", script, "build", dir, String(options.bigCount ?? 20000), options.utf8Only ? "no" : "yes"],
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`building the hard tree failed: ${new TextDecoder().decode(out.stderr)}`);
}

/**
 * Runs GNU du on `dir` — `du -s -B1 dir`, or with `children` `du -s -B1 dir/*` (glob in the C locale, so in byte
 * order) — optionally with `--apparent-size` or as another user, and returns bytes by displayed path. du's output
 * is read as bytes (`-0`), so names with newlines or invalid UTF-8 are matched exactly.
 */
export async function duBytes(
  dir: string,
  options: { children?: boolean; apparent?: boolean; asUser?: number } = {},
): Promise<{ sizes: Map<string, number>; code: number }> {
  const flags = `-s -B1 -0${options.apparent ? " --apparent-size" : ""}`;
  const script = options.children ? `cd "$1" && du ${flags} -- *` : `du ${flags} -- "$1"`;
  const argv = ["bash", "-c", script, "du", dir];
  if (options.asUser !== undefined) {
    argv.unshift("setpriv", `--reuid=${options.asUser}`, `--regid=${options.asUser}`, "--clear-groups");
  }
  const out = await new Deno.Command(argv[0]!, { args: argv.slice(1), stderr: "null", env: { LC_ALL: "C" } })
    .output();
  const sizes = new Map<string, number>();
  let start = 0;
  const bytes = out.stdout;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    const record = bytesToBinary(bytes, start, i);
    start = i + 1;
    const tab = record.indexOf("\t");
    const path = displayPath(record.slice(tab + 1));
    sizes.set(options.children ? `${dir}/${path}` : path, Number(record.slice(0, tab)));
  }
  return { sizes, code: out.code };
}
