// Throttling: token buckets per operation (AWS's rate limits) and a seeded random "throttling storm".

/** A rate limit: `rate` requests per second refill a bucket of `burst` tokens. */
export interface RateLimit {
  rate: number;
  burst: number;
}

/** Random throttling: each call (of `operations`, default all) is throttled with `probability`, from `seed`. */
export interface ThrottleStorm {
  probability: number;
  seed?: number;
  operations?: string[];
}

/**
 * AWS-like default limits: CloudWatch PutMetricAlarm/DeleteAlarms/Enable/DisableAlarmActions/SetAlarmState 3/s,
 * DescribeAlarms 9/s; EC2 describe calls 20/s with a bucket of 100, route writes 5/s with a bucket of 200.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
  PutMetricAlarm: { rate: 3, burst: 3 },
  DeleteAlarms: { rate: 3, burst: 3 },
  DisableAlarmActions: { rate: 3, burst: 3 },
  EnableAlarmActions: { rate: 3, burst: 3 },
  SetAlarmState: { rate: 3, burst: 3 },
  DescribeAlarms: { rate: 9, burst: 9 },
  DescribeInstances: { rate: 20, burst: 100 },
  DescribeInstanceTypes: { rate: 20, burst: 100 },
  DescribeInstanceStatus: { rate: 20, burst: 100 },
  DescribeRouteTables: { rate: 20, burst: 100 },
  DescribeNetworkInterfaces: { rate: 20, burst: 100 },
  ReplaceRoute: { rate: 5, burst: 200 },
  CreateRoute: { rate: 5, burst: 200 },
};

/** A deterministic PRNG (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, per call, whether it is throttled: first the storm's dice, then the operation's token bucket. */
export class Throttler {
  #limits: Record<string, RateLimit>;
  #buckets = new Map<string, { tokens: number; at: number }>();
  #storm: ThrottleStorm | undefined;
  #random: () => number = Math.random;

  constructor(limits: Record<string, RateLimit> | false, storm?: ThrottleStorm) {
    this.#limits = limits === false ? {} : { ...limits };
    this.setStorm(storm);
  }

  /** Replaces the random storm (undefined ends it). */
  setStorm(storm: ThrottleStorm | undefined): void {
    this.#storm = storm;
    this.#random = seededRandom(storm?.seed ?? 1);
  }

  /** Replaces the rate limits (false: none). */
  setRateLimits(limits: Record<string, RateLimit> | false): void {
    this.#limits = limits === false ? {} : { ...limits };
    this.#buckets.clear();
  }

  /** Why this call is throttled (`"storm"` or `"rate"`), or undefined when it may proceed. */
  check(operation: string, now = performance.now()): "storm" | "rate" | undefined {
    const storm = this.#storm;
    if (storm && storm.probability > 0 && (!storm.operations || storm.operations.includes(operation))) {
      if (this.#random() < storm.probability) return "storm";
    }
    const limit = this.#limits[operation];
    if (!limit) return undefined;
    const bucket = this.#buckets.get(operation) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.rate);
    bucket.at = now;
    this.#buckets.set(operation, bucket);
    if (bucket.tokens < 1) return "rate";
    bucket.tokens -= 1;
    return undefined;
  }
}
