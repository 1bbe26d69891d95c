// Directory totals down to the reported depth. Workers add each directory's own contents to a "bucket": the
// directory itself when it is within --depth, else its ancestor at --depth; a bucket's sums are added to every
// ancestor here. So memory follows the directories that can be reported, not the tree.

/** Sums of one bucket or subtree. */
export interface Totals {
  bytes: number;
  apparentBytes: number;
  files: number;
  dirs: number;
}

/** A directory of the size tree (name and path are binary strings, relative to the scan root). */
export interface SizeNode extends Totals {
  name: string;
  path: string;
  children: Map<string, SizeNode>;
}

/** A reported directory: the `top` largest children of each level, largest first. */
export interface SizeReport extends Totals {
  path: string;
  children: SizeReport[];
  /** Children not listed (beyond --top) and their bytes. */
  otherChildren: number;
  otherBytes: number;
}

/**
 * The bucket key of a directory: its relative path cut to `depth` components ("" is the scan root).
 *
 * @example
 * ```ts
 * bucketKey("var/log/journal/abc", 2); // "var/log"
 * ```
 */
export function bucketKey(relPath: string, depth: number): string {
  if (relPath === "") return "";
  let i = -1;
  for (let n = 0; n < depth; n++) {
    i = relPath.indexOf("/", i + 1);
    if (i < 0) return relPath;
  }
  return depth === 0 ? "" : relPath.slice(0, i);
}

/**
 * The tree of totals, fed bucket by bucket.
 *
 * @example
 * ```ts
 * const tree = new SizeTree();
 * tree.add("var/log", { bytes: 8192, apparentBytes: 100, files: 1, dirs: 1 });
 * tree.root.bytes; // 8192
 * ```
 */
export class SizeTree {
  readonly root: SizeNode = newNode("", "");

  /** Adds `totals` to the directory `key` and all its ancestors. */
  add(key: string, totals: Totals): void {
    let node = this.root;
    addTo(node, totals);
    if (key === "") return;
    let start = 0;
    for (;;) {
      const slash = key.indexOf("/", start);
      const name = slash < 0 ? key.slice(start) : key.slice(start, slash);
      let child = node.children.get(name);
      if (!child) {
        child = newNode(name, slash < 0 ? key : key.slice(0, slash));
        node.children.set(name, child);
      }
      addTo(child, totals);
      node = child;
      if (slash < 0) return;
      start = slash + 1;
    }
  }

  /** The report: `top` largest children per level (ties by path), down to `depth` levels below the root. */
  report(depth: number, top: number): SizeReport {
    return reportNode(this.root, depth, top);
  }
}

function newNode(name: string, path: string): SizeNode {
  return { name, path, bytes: 0, apparentBytes: 0, files: 0, dirs: 0, children: new Map() };
}

function addTo(node: Totals, t: Totals): void {
  node.bytes += t.bytes;
  node.apparentBytes += t.apparentBytes;
  node.files += t.files;
  node.dirs += t.dirs;
}

function reportNode(node: SizeNode, depth: number, top: number): SizeReport {
  const all = depth > 0
    ? [...node.children.values()].sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1))
    : [];
  const shown = all.slice(0, top);
  const rest = all.slice(top);
  return {
    path: node.path,
    bytes: node.bytes,
    apparentBytes: node.apparentBytes,
    files: node.files,
    dirs: node.dirs,
    children: shown.map((c) => reportNode(c, depth - 1, top)),
    otherChildren: rest.length,
    otherBytes: rest.reduce((sum, c) => sum + c.bytes, 0),
  };
}
