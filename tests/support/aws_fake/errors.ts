// The error every fake operation throws to answer with an AWS error response (code, message, HTTP status).

/** Who is at fault, as AWS's query protocols report it (`<Type>Sender</Type>`). */
export type AwsFaultType = "Sender" | "Receiver";

/**
 * An AWS API error: the protocol layer turns it into the service's own error shape (EC2 XML, CloudWatch JSON with
 * `x-amzn-query-error`, STS XML).
 *
 * @example
 * ```ts
 * throw new AwsError("InvalidParameterValue", "There is no route defined for '0.0.0.0/0' in the route table. Use CreateRoute instead.");
 * ```
 */
export class AwsError extends Error {
  /** @param code AWS's error code (`ValidationError`, `InvalidRouteTableID.NotFound`, `Throttling` …). */
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: AwsFaultType = "Sender",
  ) {
    super(message);
    this.name = "AwsError";
  }
}

/** CloudWatch's validation failure in AWS's wording: `1 validation error detected: Value '…' at 'x' failed to satisfy constraint: …`. */
export function validationError(value: unknown, member: string, constraint: string): AwsError {
  const shown = Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
  return new AwsError(
    "ValidationError",
    `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
