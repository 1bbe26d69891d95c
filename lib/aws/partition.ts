// Which AWS partition a region belongs to: it goes into every ARN hostmend builds (automate actions, SNS topics).

/**
 * The partition of `region`: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, `aws-iso` for us-iso-*,
 * `aws-iso-b` for us-isob-*, `aws` otherwise. Throws `RangeError` for text that is not a region name.
 * Needs no permissions.
 *
 * @example
 * ```ts
 * partitionForRegion("cn-north-1"); // "aws-cn"
 * ```
 */
export function partitionForRegion(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new RangeError(`"${region}" is not an AWS region name: use one like us-east-1`);
  }
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}
