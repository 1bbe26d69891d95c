// "df says full but du doesn't add up": the difference between what the filesystem reports as used and what a
// scan of the whole filesystem found, next to what deleted-but-open files hold on it.

/** The df-vs-scanned gap of one filesystem. */
export interface DfGap {
  mountPoint: string;
  dfUsedBytes: number;
  scannedBytes: number;
  /** dfUsedBytes − scannedBytes: held by deleted-but-open files, hidden under mount points, unreadable
   * directories, filesystem metadata and journal. */
  gapBytes: number;
  /** Of that, held by deleted files still open. */
  openDeletedBytes: number;
}

/**
 * The gap when the scan covered a whole filesystem (it started at its mount point), else `undefined` (pure).
 *
 * @example
 * ```ts
 * dfGap({ scanRoot: "/", mountPoint: "/", dfUsedBytes: 9e9, scannedBytes: 6e9, openDeletedBytes: 2.5e9 });
 * ```
 */
export function dfGap(input: {
  scanRoot: string;
  mountPoint: string | undefined;
  dfUsedBytes: number | undefined;
  scannedBytes: number;
  openDeletedBytes: number;
}): DfGap | undefined {
  if (input.mountPoint === undefined || input.dfUsedBytes === undefined) return undefined;
  if (input.scanRoot !== input.mountPoint) return undefined;
  return {
    mountPoint: input.mountPoint,
    dfUsedBytes: input.dfUsedBytes,
    scannedBytes: input.scannedBytes,
    gapBytes: input.dfUsedBytes - input.scannedBytes,
    openDeletedBytes: input.openDeletedBytes,
  };
}
