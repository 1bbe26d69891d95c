// What the scanner needs from the operating system, per directory: open it, list it with every entry's
// lstat, close it. Two implementations: libc through FFI (raw bytes, fd-relative, fast) and Deno's own API.

/** The lstat fields the scanner uses, for the entry being visited (one reused object: copy what you keep). */
export interface EntryStat {
  isDir: boolean;
  /** st_blocks × 512. */
  bytes: number;
  /** st_size. */
  apparentBytes: number;
  nlink: number;
  /** A number that identifies the device within one run. */
  dev: number;
  ino: number;
}

/** A failed system call: errno name such as "EACCES" and a readable message. */
export interface ReadFailure {
  code: string;
  message: string;
}

/** An open directory: a file descriptor (FFI) or a path (portable). */
export type DirHandle = number | string;

/**
 * Reads directories for the scanner. All names and paths are binary strings (one char per byte).
 *
 * @example
 * ```ts
 * const reader = createPortableReader();
 * const h = reader.openPath("/tmp");
 * ```
 */
export interface DirReader {
  readonly kind: "ffi" | "portable";
  /** lstat of an absolute path. */
  statPath(path: string): EntryStat | ReadFailure;
  /** Opens a directory by absolute path. */
  openPath(path: string): DirHandle | ReadFailure;
  /** Opens the directory `name` inside an open directory, never following a symlink. */
  openAt(parent: DirHandle, parentPath: string, name: string): DirHandle | ReadFailure;
  /**
   * Calls `visit` for every entry but "." and "..", with its lstat; `name()` gives the current entry's name.
   * An entry that cannot be statted is passed to `fail`. Returns a failure when the listing itself fails.
   */
  list(
    dir: DirHandle,
    visit: (stat: EntryStat, name: () => string) => void,
    fail: (name: string, failure: ReadFailure) => void,
  ): ReadFailure | undefined;
  close(dir: DirHandle): void;
}

/**
 * Whether a value returned by a {@linkcode DirReader} is a failure.
 *
 * @example
 * ```ts
 * const h = reader.openPath("/root");
 * if (isFailure(h)) console.log(h.code);
 * ```
 */
export function isFailure(value: unknown): value is ReadFailure {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}
