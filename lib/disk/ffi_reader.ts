// The scanner's fast directory reader: libc through Deno FFI, fd-relative. getdents64 lists a directory in a few
// system calls with names as raw bytes (so names that are not UTF-8 survive), statx stats each entry relative to
// the directory fd. Both go through syscall(2): glibc < 2.30 (Amazon Linux 2) has no getdents64 wrapper and
// glibc < 2.28 no statx; struct statx has one layout on every architecture, unlike struct stat.

import { bytesToBinary } from "./binary_path.ts";
import type { DirHandle, DirReader, EntryStat, ReadFailure } from "./dir_reader.ts";

const ARCH = {
  x86_64: { getdents64: 217, statx: 332, O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000 },
  aarch64: { getdents64: 61, statx: 291, O_DIRECTORY: 0o40000, O_NOFOLLOW: 0o100000 },
} as const;

const O_CLOEXEC = 0o2000000;
const AT_FDCWD = -100;
const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_NO_AUTOMOUNT = 0x800;
// type, mode, nlink, ino, size, blocks
const STATX_MASK = 0x1 | 0x2 | 0x4 | 0x100 | 0x200 | 0x400;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

const ERRNO: Record<number, [string, string]> = {
  1: ["EPERM", "operation not permitted"],
  2: ["ENOENT", "no such file or directory"],
  5: ["EIO", "input/output error"],
  12: ["ENOMEM", "out of memory"],
  13: ["EACCES", "permission denied"],
  20: ["ENOTDIR", "not a directory"],
  23: ["ENFILE", "too many open files in system"],
  24: ["EMFILE", "too many open files"],
  36: ["ENAMETOOLONG", "file name too long"],
  38: ["ENOSYS", "function not implemented"],
  40: ["ELOOP", "too many levels of symbolic links"],
  116: ["ESTALE", "stale file handle"],
};

const SYMBOLS = {
  openat: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  getdents64: { name: "syscall", parameters: ["isize", "isize", "buffer", "isize"], result: "isize" },
  // The path is passed as an address (number) into the getdents buffer: no per-entry allocation.
  statx: { name: "syscall", parameters: ["isize", "isize", "usize", "isize", "isize", "buffer"], result: "isize" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

/**
 * A {@linkcode DirReader} on libc's openat/getdents64/statx. Needs `--allow-ffi` (and `--allow-read`). Throws
 * when libc cannot be loaded or the architecture is not x86_64/aarch64: fall back to the portable reader then.
 *
 * @example
 * ```ts
 * const reader = createFfiReader();
 * const fd = reader.openPath("/var");
 * ```
 */
export function createFfiReader(): DirReader {
  if (Deno.build.os !== "linux") throw new Error(`the FFI scanner is for Linux, not ${Deno.build.os}`);
  const arch = ARCH[Deno.build.arch as keyof typeof ARCH];
  if (!arch) throw new Error(`the FFI scanner has no syscall numbers for ${Deno.build.arch}`);
  const lib = Deno.dlopen("libc.so.6", SYMBOLS);
  const sys = lib.symbols;
  const errnoPtr = sys.__errno_location();
  if (!errnoPtr) throw new Error("libc has no errno location");
  const errnoView = new Deno.UnsafePointerView(errnoPtr);
  const errno = (): ReadFailure => {
    const n = errnoView.getInt32();
    const [code, message] = ERRNO[n] ?? [`E${n}`, `error ${n}`];
    return { code, message };
  };

  const openFlags = arch.O_DIRECTORY | arch.O_NOFOLLOW | O_CLOEXEC; // O_RDONLY is 0
  const dents = new Uint8Array(256 * 1024);
  const dentsAddr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(dents)));
  // syscall(2) arguments are longs.
  const SYS_statx = BigInt(arch.statx);
  const SYS_getdents64 = BigInt(arch.getdents64);
  const FDCWD = BigInt(AT_FDCWD);
  const MASK = BigInt(STATX_MASK);
  const statxBuf = new Uint8Array(256);
  const u32 = new Uint32Array(statxBuf.buffer);
  const u16 = new Uint16Array(statxBuf.buffer);
  let pathBuf = new Uint8Array(4096);
  const statFlags = BigInt(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT);
  const stat: EntryStat = { isDir: false, bytes: 0, apparentBytes: 0, nlink: 1, dev: 0, ino: 0 };

  const fillStat = (): EntryStat => {
    stat.isDir = (u16[14]! & S_IFMT) === S_IFDIR;
    stat.nlink = u32[4]!;
    stat.ino = u32[8]! + u32[9]! * 4294967296;
    stat.apparentBytes = u32[10]! + u32[11]! * 4294967296;
    stat.bytes = (u32[12]! + u32[13]! * 4294967296) * 512;
    stat.dev = u32[34]! * 1048576 + u32[35]!; // dev major, minor
    return stat;
  };
  // A NUL-terminated copy of a binary string.
  const cString = (binary: string): Uint8Array => {
    if (binary.length + 1 > pathBuf.length) pathBuf = new Uint8Array(binary.length * 2 + 1);
    for (let i = 0; i < binary.length; i++) pathBuf[i] = binary.charCodeAt(i);
    pathBuf[binary.length] = 0;
    return pathBuf;
  };

  let nameStart = 0;
  let nameEnd = 0;
  const currentName = () => bytesToBinary(dents, nameStart, nameEnd);

  return {
    kind: "ffi",
    statPath(path) {
      const c = cString(path);
      const addr = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(c)));
      if (sys.statx(SYS_statx, FDCWD, addr, statFlags, MASK, statxBuf) !== 0n) return errno();
      return { ...fillStat() };
    },
    openPath(path) {
      const fd = sys.openat(AT_FDCWD, cString(path), openFlags);
      return fd < 0 ? errno() : fd;
    },
    openAt(parent, _parentPath, name) {
      const fd = sys.openat(parent as number, cString(name), openFlags);
      return fd < 0 ? errno() : fd;
    },
    list(dir, visit, fail) {
      const fd = dir as number;
      const bigFd = BigInt(fd);
      const size = BigInt(dents.length);
      for (;;) {
        const n = Number(sys.getdents64(SYS_getdents64, bigFd, dents, size));
        if (n === 0) return undefined;
        if (n < 0) return errno();
        let off = 0;
        while (off < n) {
          const reclen = dents[off + 16]! | (dents[off + 17]! << 8);
          const start = off + 19;
          off += reclen;
          // skip "." and ".."
          if (
            dents[start] === 0x2e && (dents[start + 1] === 0 || (dents[start + 1] === 0x2e && dents[start + 2] === 0))
          ) {
            continue;
          }
          let end = start;
          while (dents[end] !== 0) end++;
          nameStart = start;
          nameEnd = end;
          if (sys.statx(SYS_statx, bigFd, dentsAddr + BigInt(start), statFlags, MASK, statxBuf) !== 0n) {
            fail(currentName(), errno());
            continue;
          }
          visit(fillStat(), currentName);
        }
      }
    },
    close(dir: DirHandle) {
      sys.close(dir as number);
    },
  };
}
