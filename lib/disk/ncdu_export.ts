// --export FILE: the scan in ncdu's JSON export format (https://dev.yorhel.nl/ncdu/jsonfmt), browsable with
// `ncdu -f FILE`. Names are written as their raw bytes, as ncdu itself does, so names that are not UTF-8 survive.

import { binaryToBytes } from "./binary_path.ts";
import type { EntryStat, ReadFailure } from "./dir_reader.ts";
import type { WalkExporter } from "./scan_walk.ts";

/**
 * A {@linkcode WalkExporter} that streams ncdu JSON to `write` (which gets raw bytes). Call `finish()` at the end.
 *
 * @example
 * ```ts
 * const chunks: Uint8Array[] = [];
 * const ex = createNcduExporter((b) => chunks.push(b.slice()), { timestamp: 0 });
 * ex.enterDir("/srv", { bytes: 4096, apparentBytes: 4096, dev: 1, ino: 2 });
 * ex.leaveDir();
 * ex.finish();
 * ```
 */
export function createNcduExporter(
  write: (bytes: Uint8Array) => void,
  options: { timestamp?: number; progver?: string } = {},
): WalkExporter & { finish(): void } {
  let out = "";
  let level = 0;
  let lastDev: number | undefined;
  const flush = (force = false) => {
    if (out.length >= 65536 || (force && out.length)) {
      write(binaryToBytes(out));
      out = "";
    }
  };
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  out += `[1,2,{"progname":"hostmend","progver":${jsonBinary(options.progver ?? "0.1")},"timestamp":${timestamp}}`;
  return {
    enterDir(name, stat, failure?: ReadFailure) {
      out += `,\n[{"name":${jsonBinary(name)},"asize":${stat.apparentBytes},"dsize":${stat.bytes}`;
      if (stat.dev !== lastDev || level === 0) out += `,"dev":${stat.dev}`;
      out += `,"ino":${stat.ino}${failure ? ',"read_error":true' : ""}}`;
      lastDev = stat.dev;
      level++;
      flush();
    },
    file(name: string, stat: EntryStat) {
      out += `,\n{"name":${jsonBinary(name)},"asize":${stat.apparentBytes},"dsize":${stat.bytes},"ino":${stat.ino}`;
      if (stat.nlink > 1) out += `,"hlnkc":true,"nlink":${stat.nlink}`;
      out += "}";
      flush();
    },
    leaveDir() {
      out += "]";
      level--;
      flush();
    },
    finish() {
      while (level > 0) this.leaveDir();
      out += "]\n";
      flush(true);
    },
  };
}

/**
 * A binary string as a JSON string literal whose bytes above 0x7f are left raw (one char per byte).
 *
 * @example
 * ```ts
 * jsonBinary('a"\n'); // "\"a\\\"\\n\""
 * ```
 */
export function jsonBinary(binary: string): string {
  // deno-lint-ignore no-control-regex
  if (!/["\\\x00-\x1f]/.test(binary)) return `"${binary}"`;
  let s = '"';
  for (const c of binary) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === "\\") s += `\\${c}`;
    else if (code < 0x20) s += `\\u${code.toString(16).padStart(4, "0")}`;
    else s += c;
  }
  return `${s}"`;
}
