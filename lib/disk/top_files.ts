// The N largest files of a scan, kept in a bounded min-heap so memory follows N and not the tree.

/** One file of the top-N list. `path` is a binary path relative to the scan root. */
export interface TopFile {
  path: string;
  bytes: number;
  apparentBytes: number;
}

/**
 * A bounded collection of the `capacity` largest files by on-disk bytes (ties: the smaller path wins, so the
 * result does not depend on scan order).
 *
 * @example
 * ```ts
 * const top = new TopFiles(2);
 * top.offer("a", 10, 10); top.offer("b", 30, 30); top.offer("c", 20, 20);
 * top.sorted().map((f) => f.path); // ["b", "c"]
 * ```
 */
export class TopFiles {
  readonly #heap: TopFile[] = [];
  constructor(readonly capacity: number) {}

  /** Whether a file of `bytes` would enter the list (call before building its path). */
  wants(bytes: number): boolean {
    if (this.capacity <= 0) return false;
    return this.#heap.length < this.capacity || bytes >= this.#heap[0]!.bytes;
  }

  /** Offers a file; it is kept when it is among the largest so far. */
  offer(path: string, bytes: number, apparentBytes: number): void {
    if (!this.wants(bytes)) return;
    const item = { path, bytes, apparentBytes };
    const heap = this.#heap;
    if (heap.length < this.capacity) {
      heap.push(item);
      this.#up(heap.length - 1);
    } else if (less(heap[0]!, item)) {
      heap[0] = item;
      this.#down(0);
    }
  }

  /** Every kept file, largest first. */
  sorted(): TopFile[] {
    return [...this.#heap].sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < heap.length && less(heap[l]!, heap[smallest]!)) smallest = l;
      if (r < heap.length && less(heap[r]!, heap[smallest]!)) smallest = r;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

// "a ranks below b": fewer bytes, or equal bytes and a larger path.
function less(a: TopFile, b: TopFile): boolean {
  return a.bytes < b.bytes || (a.bytes === b.bytes && a.path > b.path);
}
