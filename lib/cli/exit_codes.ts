// The exit codes every hostmend task uses, as in shared/STYLE.md (0/1/2 follow monitoring plugins).

/** Exit codes shared by all tasks. */
export const EXIT = {
  ok: 0,
  warning: 1,
  critical: 2,
  usage: 64,
  internal: 70,
  busy: 75,
  interrupted: 130,
} as const;

/** One of the values of {@linkcode EXIT}. */
export type ExitCode = typeof EXIT[keyof typeof EXIT];
