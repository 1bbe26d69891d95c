// Cron schedules as every cron daemon reads them: exactly five numeric fields. Stricter than cron-parser,
// which accepts an empty string, four or six fields, and L/W/#/H extensions that no cron daemon knows.

import { CronExpressionParser } from "cron-parser";

/** The five fields of a cron schedule, in order. */
export const CRON_FIELDS = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;

/** One of {@linkcode CRON_FIELDS}. */
export type CronFieldName = typeof CRON_FIELDS[number];

/** A validated five-field schedule. */
export interface CronSchedule {
  /** As given, whitespace collapsed. */
  source: string;
  /** Names replaced by numbers (`mon-fri` → `1-5`), which every daemon accepts. */
  expression: string;
  /** The five fields of `expression`. */
  fields: string[];
  /** Every value each field matches; day-of-week 7 is folded into 0 (Sunday). */
  values: Record<CronFieldName, number[]>;
  /** Whether a field is `*` (or `*` with a step over the whole range, for the day fields' OR rule). */
  wildcard: Record<CronFieldName, boolean>;
}

const LIMITS: Record<CronFieldName, [number, number]> = {
  "minute": [0, 59],
  "hour": [0, 23],
  "day-of-month": [1, 31],
  "month": [1, 12],
  "day-of-week": [0, 7],
};

const NAMES: Partial<Record<CronFieldName, string[]>> = {
  "month": ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
  "day-of-week": ["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
};

const MACROS: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

/**
 * Validates a five-field cron schedule and expands its fields. Throws `RangeError` with a one-line message that
 * names the field and what to write instead. Pure; needs no permissions.
 *
 * @example
 * ```ts
 * parseSchedule("0 3 * * mon-fri").expression; // "0 3 * * 1-5"
 * parseSchedule("61 3 * * *"); // RangeError: Invalid minute "61" in "61 3 * * *": use 0-59
 * ```
 */
export function parseSchedule(text: string): CronSchedule {
  const source = text.trim().split(/\s+/).filter(Boolean).join(" ");
  if (!source) {
    throw new RangeError(
      `Empty schedule: give five fields (minute hour day-of-month month day-of-week), like "0 3 * * *"`,
    );
  }
  if (source.startsWith("@")) {
    const hint = MACROS[source.toLowerCase()];
    throw new RangeError(
      `Schedule "${source}" is a macro: write the five fields${hint ? ` instead, "${hint}"` : ""}`,
    );
  }
  const parts = source.split(" ");
  if (parts.length !== 5) {
    throw new RangeError(
      `Schedule "${source}" has ${parts.length} field${parts.length === 1 ? "" : "s"}: cron needs exactly five ` +
        `(minute hour day-of-month month day-of-week), like "0 3 * * *"`,
    );
  }
  const fields = parts.map((part, i) => normalizeField(CRON_FIELDS[i]!, part, source));
  const expression = fields.join(" ");
  let parsed;
  try {
    parsed = CronExpressionParser.parse(expression, { tz: "UTC" });
  } catch (error) {
    throw new RangeError(`Invalid schedule "${source}": ${(error as Error).message}`);
  }
  const f = parsed.fields;
  const dow = [...new Set(f.dayOfWeek.values.map((d) => Number(d) % 7))].sort((a, b) => a - b);
  return {
    source,
    expression,
    fields,
    values: {
      "minute": f.minute.values.map(Number),
      "hour": f.hour.values.map(Number),
      "day-of-month": f.dayOfMonth.values.map(Number),
      "month": f.month.values.map(Number),
      "day-of-week": dow,
    },
    wildcard: {
      "minute": fields[0] === "*",
      "hour": fields[1] === "*",
      "day-of-month": fields[2]!.startsWith("*"),
      "month": fields[3] === "*",
      "day-of-week": fields[4]!.startsWith("*"),
    },
  };
}

function normalizeField(name: CronFieldName, field: string, source: string): string {
  const [min, max] = LIMITS[name];
  const bad = (why: string) => new RangeError(`Invalid ${name} "${field}" in "${source}": ${why}`);
  const names = NAMES[name];
  const value = (text: string): number => {
    const lower = text.toLowerCase();
    const index = names?.indexOf(lower) ?? -1;
    if (index >= 0) return name === "month" ? index + 1 : index;
    if (!/^\d+$/.test(text)) {
      if (/^[LW#?H]|[LW#?H]$|#/i.test(text)) {
        throw bad("cron daemons do not know L, W, #, ? or H; use numbers, ranges (1-5), lists (1,15) and steps (*/2)");
      }
      throw bad(`use numbers from ${min} to ${max}${names ? ` or names like ${names[0]}` : ""}`);
    }
    const n = Number(text);
    if (n < min || n > max) throw bad(`${n} is out of range, use ${min}-${max}`);
    return n;
  };
  const items = field.split(",").map((item) => {
    if (item === "") throw bad("empty list item");
    const [range, step, ...rest] = item.split("/");
    if (rest.length) throw bad("more than one step");
    let text: string;
    if (range === "*") text = "*";
    else {
      const ends = range!.split("-");
      if (ends.length > 2 || ends.some((e) => e === "")) throw bad("a range is two values joined by -, like 1-5");
      const nums = ends.map(value);
      if (nums.length === 2 && nums[0]! > nums[1]!) {
        throw bad(`range ${range} runs backwards, write ${ends[1]}-${ends[0]}`);
      }
      if (nums.length === 1 && step !== undefined) {
        throw bad(`a step needs a range or *, like ${nums[0]}-${max}/${step}`);
      }
      text = nums.join("-");
    }
    if (step !== undefined) {
      if (!/^\d+$/.test(step) || Number(step) < 1) throw bad(`step "${step}" must be a whole number from 1`);
      text += `/${Number(step)}`;
    }
    return text;
  });
  return items.join(",");
}
