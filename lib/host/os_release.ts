// /etc/os-release, parsed as os-release(5) says: KEY=value lines, values optionally quoted.

/** The fields of os-release that hostmend uses, plus all others in `fields`. */
export interface OsRelease {
  id: string;
  versionId: string;
  idLike: string[];
  prettyName: string;
  fields: Record<string, string>;
}

/**
 * Parses the text of an os-release file (pure).
 *
 * @example
 * ```ts
 * parseOsRelease('ID="amzn"\nVERSION_ID="2"\nID_LIKE="centos rhel fedora"').id; // "amzn"
 * ```
 */
export function parseOsRelease(text: string): OsRelease {
  const fields: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 1) continue;
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\(["$`\\])/g, "$1");
    }
    fields[line.slice(0, eq)] = value;
  }
  return {
    id: (fields.ID ?? "linux").toLowerCase(),
    versionId: fields.VERSION_ID ?? "",
    idLike: (fields.ID_LIKE ?? "").toLowerCase().split(/\s+/).filter(Boolean),
    prettyName: fields.PRETTY_NAME ?? fields.NAME ?? fields.ID ?? "Linux",
    fields,
  };
}

/**
 * Reads and parses os-release: `/etc/os-release`, falling back to `/usr/lib/os-release`. Needs `--allow-read`.
 *
 * @example
 * ```ts
 * const os = await readOsRelease();
 * ```
 */
export async function readOsRelease(path?: string): Promise<OsRelease> {
  const candidates = path ? [path] : ["/etc/os-release", "/usr/lib/os-release"];
  for (const p of candidates) {
    try {
      return parseOsRelease(await Deno.readTextFile(p));
    } catch (error) {
      if (path || !(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return parseOsRelease("");
}
