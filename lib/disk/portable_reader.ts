// The scanner's directory reader on Deno's own synchronous API: works wherever Deno does, but Deno decodes names
// as UTF-8 (invalid bytes become U+FFFD), so an entry whose name is not valid UTF-8 cannot be opened or statted;
// it is reported as an error and the scan is marked incomplete.

import { binaryToUtf8, utf8ToBinary } from "./binary_path.ts";
import type { DirHandle, DirReader, EntryStat, ReadFailure } from "./dir_reader.ts";

/**
 * A {@linkcode DirReader} on `Deno.readDirSync` and `Deno.lstatSync`. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const reader = createPortableReader();
 * ```
 */
export function createPortableReader(): DirReader {
  const stat: EntryStat = { isDir: false, bytes: 0, apparentBytes: 0, nlink: 1, dev: 0, ino: 0 };
  const fill = (info: Deno.FileInfo): EntryStat => {
    stat.isDir = info.isDirectory;
    stat.bytes = (info.blocks ?? 0) * 512;
    stat.apparentBytes = info.size;
    stat.nlink = info.nlink ?? 1;
    stat.dev = info.dev;
    stat.ino = info.ino ?? 0;
    return stat;
  };
  const toText = (binary: string): string | ReadFailure =>
    binaryToUtf8(binary) ??
      { code: "EILSEQ", message: "name is not valid UTF-8 (the portable scanner cannot read it)" };
  return {
    kind: "portable",
    statPath(path) {
      const text = toText(path);
      if (typeof text !== "string") return text;
      try {
        return { ...fill(Deno.lstatSync(text)) };
      } catch (error) {
        return failure(error);
      }
    },
    openPath(path) {
      const text = toText(path);
      if (typeof text !== "string") return text;
      return text;
    },
    openAt(parent, _parentPath, name) {
      const text = toText(name);
      if (typeof text !== "string") return text;
      return parent === "/" ? `/${text}` : `${parent}/${text}`;
    },
    list(dir, visit, fail) {
      const path = dir as string;
      const prefix = path === "/" ? "/" : `${path}/`;
      let iterator: Iterable<Deno.DirEntry>;
      try {
        iterator = Deno.readDirSync(path);
      } catch (error) {
        return failure(error);
      }
      try {
        for (const entry of iterator) {
          const name = entry.name;
          if (name.includes("\ufffd")) {
            // Probably a name that is not UTF-8: lstat would find nothing by the replaced name.
            try {
              fill(Deno.lstatSync(prefix + name));
            } catch {
              fail(utf8ToBinary(name), {
                code: "EILSEQ",
                message: "name is not valid UTF-8 (the portable scanner cannot read it; the FFI scanner can)",
              });
              continue;
            }
          } else {
            try {
              fill(Deno.lstatSync(prefix + name));
            } catch (error) {
              fail(utf8ToBinary(name), failure(error));
              continue;
            }
          }
          visit(stat, () => utf8ToBinary(name));
        }
      } catch (error) {
        return failure(error);
      }
      return undefined;
    },
    close(_dir: DirHandle) {},
  };
}

function failure(error: unknown): ReadFailure {
  const code = (error as { code?: string }).code ?? (error instanceof Error ? error.name : "EIO");
  const message = error instanceof Error ? error.message.replace(/:.*$/, "").toLowerCase() : String(error);
  return { code, message };
}
