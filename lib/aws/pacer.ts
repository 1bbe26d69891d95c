// Client-side pacing of write calls, so a big fleet stays within CloudWatch's per-second limits instead of
// leaning on throttling and retries.

/** Spaces calls evenly: at most `perSecond` starts per second. */
export interface Pacer {
  /** Resolves when the next call may start. */
  wait(): Promise<void>;
  readonly perSecond: number;
}

/**
 * The write rate: `HOSTMEND_AWS_WRITE_RATE` calls per second if set (for local emulators and tests, which have
 * no such limit), else 3, CloudWatch's PutMetricAlarm limit. Throws `RangeError` on a bad value. Needs `--allow-env`.
 *
 * @example
 * ```ts
 * const pacer = createPacer(writeRateFromEnv());
 * ```
 */
export function writeRateFromEnv(): number {
  const text = Deno.env.get("HOSTMEND_AWS_WRITE_RATE");
  if (text === undefined || text === "") return 3;
  const rate = Number(text);
  if (!(rate > 0)) {
    throw new RangeError(`HOSTMEND_AWS_WRITE_RATE="${text}" is not a positive number of calls per second`);
  }
  return rate;
}

/**
 * Creates a {@linkcode Pacer} that lets calls start at most `perSecond` times a second, evenly spaced.
 * Needs no permissions.
 *
 * @example
 * ```ts
 * const pacer = createPacer(3);
 * for (const alarm of alarms) { await pacer.wait(); await put(alarm); }
 * ```
 */
export function createPacer(perSecond: number): Pacer {
  const gap = 1000 / perSecond;
  let next = 0;
  return {
    perSecond,
    async wait() {
      const now = performance.now();
      const at = Math.max(now, next);
      next = at + gap;
      if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
    },
  };
}
