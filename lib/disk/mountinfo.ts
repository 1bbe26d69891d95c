// The mount table from /proc/self/mountinfo: which filesystems are real, and which mount holds a path.
// mountinfo (not /proc/mounts) because it has the bind-mount root and the device numbers.

/** One line of mountinfo (proc(5)). */
export interface Mount {
  id: number;
  parentId: number;
  /** "major:minor" of the device, as in st_dev. */
  majorMinor: string;
  /** The directory of the filesystem that is mounted here ("/" unless a bind mount of a subdirectory). */
  root: string;
  mountPoint: string;
  options: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

// Kernel and virtual filesystems that hold no user data (df hides most of them too). squashfs (snaps) is always
// 100 % full by design, so it would make every check critical.
const PSEUDO = new Set([
  "autofs",
  "binfmt_misc",
  "bpf",
  "cgroup",
  "cgroup2",
  "configfs",
  "debugfs",
  "devpts",
  "devtmpfs",
  "efivarfs",
  "fusectl",
  "hugetlbfs",
  "mqueue",
  "nsfs",
  "proc",
  "pstore",
  "ramfs",
  "rpc_pipefs",
  "securityfs",
  "selinuxfs",
  "squashfs",
  "sysfs",
  "tracefs",
  "fuse.lxcfs",
  "fuse.gvfsd-fuse",
  "fuse.portal",
  "binder",
  "overlay.lower",
]);

/**
 * Whether a filesystem type is a kernel or virtual one that holds no user data.
 *
 * @example
 * ```ts
 * isPseudoFilesystem("proc"); // true
 * isPseudoFilesystem("xfs"); // false
 * ```
 */
export function isPseudoFilesystem(fsType: string): boolean {
  return PSEUDO.has(fsType);
}

/**
 * Undoes the octal escapes the kernel writes for space, tab, newline and backslash (`\040` …).
 *
 * @example
 * ```ts
 * unescapeMountField("/mnt/my\\040disk"); // "/mnt/my disk"
 * ```
 */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * Parses the text of /proc/PID/mountinfo (pure). Lines that do not have the documented shape are skipped.
 *
 * @example
 * ```ts
 * const [m] = parseMountInfo("29 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw\n");
 * m.mountPoint; // "/"
 * ```
 */
export function parseMountInfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const fields = line.split(" ");
    const dash = fields.indexOf("-", 6);
    if (dash < 0 || fields.length < dash + 3) continue;
    const [id, parentId, majorMinor, root, mountPoint, options] = fields;
    mounts.push({
      id: Number(id),
      parentId: Number(parentId),
      majorMinor: majorMinor!,
      root: unescapeMountField(root!),
      mountPoint: unescapeMountField(mountPoint!),
      options: options!.split(","),
      fsType: fields[dash + 1]!,
      source: unescapeMountField(fields[dash + 2]!),
      superOptions: (fields[dash + 3] ?? "").split(",").filter(Boolean),
    });
  }
  return mounts;
}

/**
 * Reads and parses the mount table. Needs `--allow-read=/proc`.
 *
 * @example
 * ```ts
 * const mounts = await readMounts();
 * ```
 */
export async function readMounts(path = "/proc/self/mountinfo"): Promise<Mount[]> {
  return parseMountInfo(await Deno.readTextFile(path));
}

/**
 * The mount that holds `path` (an absolute, normalised path): the last-mounted one with the longest mount point
 * that is a prefix of it, as the kernel resolves it.
 *
 * @example
 * ```ts
 * mountFor(mounts, "/var/log/journal")?.mountPoint; // "/var" when /var is its own filesystem
 * ```
 */
export function mountFor(mounts: Mount[], path: string): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const mp = m.mountPoint;
    const inside = mp === "/" || path === mp || path.startsWith(mp.endsWith("/") ? mp : `${mp}/`);
    // Later lines shadow earlier ones at the same mount point.
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

/**
 * The real filesystems of a mount table: pseudo filesystems dropped, and each device listed once — at its
 * whole-filesystem mount (root "/") with the shortest mount point — so bind mounts are not counted twice.
 *
 * @example
 * ```ts
 * realFilesystems(await readMounts()).map((m) => m.mountPoint); // ["/", "/boot", "/var"]
 * ```
 */
export function realFilesystems(mounts: Mount[]): Mount[] {
  const byDevice = new Map<string, Mount>();
  for (const m of mounts) {
    if (isPseudoFilesystem(m.fsType)) continue;
    // tmpfs and friends share the device 0:N per instance, so each is its own filesystem anyway.
    const current = byDevice.get(m.majorMinor);
    const better = !current ||
      (m.root === "/" && current.root !== "/") ||
      (m.root === current.root && m.mountPoint.length < current.mountPoint.length);
    if (better) byDevice.set(m.majorMinor, m);
  }
  return mounts.filter((m) => byDevice.get(m.majorMinor) === m);
}

/**
 * Splits Deno's numeric `st_dev` into "major:minor" as the kernel's `new_decode_dev` does.
 *
 * @example
 * ```ts
 * devToMajorMinor(2049); // "8:1"
 * ```
 */
export function devToMajorMinor(dev: number): string {
  const big = BigInt(dev);
  const major = ((big >> 8n) & 0xfffn) | ((big >> 32n) & ~0xfffn);
  const minor = (big & 0xffn) | ((big >> 12n) & ~0xffn);
  return `${major}:${minor}`;
}
