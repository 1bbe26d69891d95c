// The file times journalctl's vacuum uses to age a journal file, with its precision: microseconds from
// statx(2) and the `user.crtime_usec` extended attribute journald stores at creation. Deno.stat rounds ctime
// to whole seconds and cannot read xattrs, so this goes through libc via FFI; without FFI (no --allow-ffi, or
// a libc without statx) it falls back to node:fs and says the times are approximate.

import fs from "node:fs";

/** The times and allocation of one file, as vacuum reads them (times in µs since the epoch). */
export interface FileTimes {
  isFile: boolean;
  /** Bytes allocated on disk: st_blocks × 512, what vacuum and `journalctl --disk-usage` count. */
  usage: number;
  /** Apparent size in bytes. */
  size: number;
  atimeUs: bigint;
  mtimeUs: bigint;
  ctimeUs: bigint;
  /** From `user.crtime_usec`, when the file has it. */
  crtimeUs?: bigint;
  dev: number;
  ino: number;
  nlink: number;
  /** False when read without statx/xattr (sub-second ctime and crtime unknown). */
  exact: boolean;
}

const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const STATX_BASIC_STATS = 0x7ff;

type Libc = Deno.DynamicLibrary<{
  statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"]; result: "i32" };
  getxattr: { parameters: ["buffer", "buffer", "buffer", "usize"]; result: "isize" };
}>;

let libc: Libc | null | undefined;

function openLibc(): Libc | null {
  if (libc !== undefined) return libc;
  try {
    libc = Deno.dlopen("libc.so.6", {
      statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
      getxattr: { parameters: ["buffer", "buffer", "buffer", "usize"], result: "isize" },
    });
  } catch {
    libc = null;
  }
  return libc;
}

const encoder = new TextEncoder();
const cString = (text: string) => encoder.encode(`${text}\0`);
const CRTIME = cString("user.crtime_usec");

/**
 * Reads the times vacuum ages a file by, without following a symlink and without touching its atime.
 * Throws `Deno.errors.NotFound` when the file is gone. Needs `--allow-read`, and `--allow-ffi` for exact times.
 *
 * @example
 * ```ts
 * const t = readFileTimes("/var/log/journal/x/system.journal");
 * console.log(t.usage, t.crtimeUs);
 * ```
 */
export function readFileTimes(path: string): FileTimes {
  const lib = openLibc();
  if (lib) {
    const buf = new Uint8Array(256);
    const rc = lib.symbols.statx(AT_FDCWD, cString(path), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf);
    if (rc === 0) {
      const view = new DataView(buf.buffer);
      const ts = (offset: number) => {
        const sec = view.getBigInt64(offset, true);
        const nsec = view.getUint32(offset + 8, true);
        return sec * 1_000_000n + BigInt(Math.floor(nsec / 1000));
      };
      const mode = view.getUint16(28, true);
      const isFile = (mode & 0o170000) === 0o100000;
      return {
        isFile,
        usage: Number(view.getBigUint64(48, true)) * 512,
        size: Number(view.getBigUint64(40, true)),
        atimeUs: ts(64),
        ctimeUs: ts(96),
        mtimeUs: ts(112),
        crtimeUs: isFile ? readCrtime(lib, path) : undefined,
        dev: makedev(view.getUint32(136, true), view.getUint32(140, true)),
        ino: Number(view.getBigUint64(32, true)),
        nlink: view.getUint32(16, true),
        exact: true,
      };
    }
  }
  const s = fs.lstatSync(path, { bigint: true });
  return {
    isFile: s.isFile(),
    usage: Number(s.blocks) * 512,
    size: Number(s.size),
    atimeUs: s.atimeNs / 1000n,
    mtimeUs: s.mtimeNs / 1000n,
    ctimeUs: s.ctimeNs / 1000n,
    dev: Number(s.dev),
    ino: Number(s.ino),
    nlink: Number(s.nlink),
    exact: false,
  };
}

function readCrtime(lib: Libc, path: string): bigint | undefined {
  const value = new Uint8Array(8);
  const n = lib.symbols.getxattr(cString(path), CRTIME, value, 8n);
  if (Number(n) !== 8) return undefined;
  const usec = new DataView(value.buffer).getBigUint64(0, true);
  // journald writes 0 or "infinity" when it had no time; systemd then ignores the attribute.
  if (usec === 0n || usec === 0xffffffffffffffffn) return undefined;
  return usec;
}

/** glibc's makedev(): the st_dev number Deno.stat reports, from statx's major and minor. */
function makedev(major: number, minor: number): number {
  return (minor & 0xff) + (major & 0xfff) * 0x100 + (minor & ~0xff) * 0x1000 + (major - (major & 0xfff)) * 0x100000000;
}
