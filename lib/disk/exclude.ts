// --exclude PATTERN: shell globs (*, ?, [...]) matched like du's --exclude, on binary paths.

import { utf8ToBinary } from "./binary_path.ts";

/**
 * Compiles exclude patterns into a test on (name, absolute path), both binary strings. A pattern without "/"
 * matches a file or directory name (`*.log`, `node_modules`); a pattern with "/" matches the whole absolute
 * path or a trailing part of it (`/var/cache/*`, `log/journal`). `*` and `?` do not match "/". An excluded
 * directory is skipped with everything in it, and counts nothing (as with du). Throws `RangeError`.
 *
 * @example
 * ```ts
 * const excluded = compileExcludes(["*.log", "/var/cache"]);
 * excluded("syslog.log", "/var/log/syslog.log"); // true
 * ```
 */
export function compileExcludes(patterns: string[]): ((name: string, absPath: string) => boolean) | undefined {
  if (!patterns.length) return undefined;
  const byName: RegExp[] = [];
  const byPath: RegExp[] = [];
  for (const pattern of patterns) {
    if (pattern === "") throw new RangeError("Empty pattern: give a name like *.log or a path like /var/cache");
    const body = globToRegExp(utf8ToBinary(pattern.length > 1 ? pattern.replace(/\/+$/, "") : pattern));
    if (pattern.includes("/")) {
      byPath.push(new RegExp(pattern.startsWith("/") ? `^${body}$` : `(?:^|/)${body}$`, "s"));
    } else {
      byName.push(new RegExp(`^${body}$`, "s"));
    }
  }
  return (name, absPath) => byName.some((re) => re.test(name)) || byPath.some((re) => re.test(absPath));
}

function globToRegExp(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let set = glob.slice(i + 1, close);
      if (set.startsWith("!")) set = `^${set.slice(1)}`;
      out += `[${set.replaceAll("\\", "\\\\")}]`;
      i = close;
    } else out += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return out;
}
