// Hard links counted once. The rule (deterministic whatever the scan order or number of workers): a file with
// several links inside the scan is charged to the link whose path, relative to the scan root, is the smallest
// byte-wise. That is the link GNU du charges when given the top-level children in sorted order
// (`du -s PATH/*` in the C locale) and the links are under different children.

/** One link of a multiply-linked file, as a worker reports it. */
export interface LinkSighting {
  /** Device and inode, e.g. "259:1:1234". */
  key: string;
  bytes: number;
  apparentBytes: number;
  /** Binary path relative to the scan root. */
  path: string;
  /** Key of the size-tree bucket of the directory holding this link. */
  bucket: string;
}

/**
 * Collects the links of files with more than one link and keeps, per (device, inode), the one that is charged.
 * Memory follows the number of multiply-linked files only.
 *
 * @example
 * ```ts
 * const ledger = new HardLinkLedger();
 * ledger.add({ key: "8:1:7", bytes: 4096, apparentBytes: 10, path: "b/x", bucket: "b" });
 * ledger.add({ key: "8:1:7", bytes: 4096, apparentBytes: 10, path: "a/x", bucket: "a" });
 * [...ledger.charged()].map((l) => l.path); // ["a/x"]
 * ```
 */
export class HardLinkLedger {
  readonly #byInode = new Map<string, LinkSighting>();
  /** Links seen in total (every sighting). */
  links = 0;

  add(link: LinkSighting): void {
    this.links++;
    const current = this.#byInode.get(link.key);
    if (!current || link.path < current.path) this.#byInode.set(link.key, link);
  }

  /** The charged link of every multiply-linked file. */
  charged(): IterableIterator<LinkSighting> {
    return this.#byInode.values();
  }

  get size(): number {
    return this.#byInode.size;
  }
}
