// The instance types the fake knows, with the facts that decide whether EC2 can recover an instance.

/** What DescribeInstanceTypes reports about one type (the part the fake models). */
export interface FakeInstanceType {
  instanceType: string;
  autoRecoverySupported: boolean;
  /** Instance-store volumes that come with the type (0: EBS only). */
  instanceStoreDisks: number;
  /** Size of each instance-store disk in GB. */
  instanceStoreDiskSizeGb?: number;
  bareMetal: boolean;
  vcpus: number;
  memoryMib: number;
  dedicatedHostsSupported: boolean;
}

function t(
  instanceType: string,
  autoRecoverySupported: boolean,
  vcpus: number,
  memoryMib: number,
  extra: Partial<FakeInstanceType> = {},
): FakeInstanceType {
  return {
    instanceType,
    autoRecoverySupported,
    instanceStoreDisks: 0,
    bareMetal: false,
    vcpus,
    memoryMib,
    dedicatedHostsSupported: !instanceType.startsWith("t"),
    ...extra,
  };
}

/**
 * The built-in catalog: EBS-only Nitro types support recovery; instance-store types (m5d, i3) and metal do not.
 *
 * @example
 * ```ts
 * DEFAULT_INSTANCE_TYPES.find((x) => x.instanceType === "m5d.large")!.autoRecoverySupported; // false
 * ```
 */
export const DEFAULT_INSTANCE_TYPES: readonly FakeInstanceType[] = [
  t("t3.micro", true, 2, 1024),
  t("t3.small", true, 2, 2048),
  t("t3.medium", true, 2, 4096),
  t("m5.large", true, 2, 8192),
  t("m5.xlarge", true, 4, 16384),
  t("c5.large", true, 2, 4096),
  t("r5.large", true, 2, 16384),
  t("m5d.large", false, 2, 8192, { instanceStoreDisks: 1, instanceStoreDiskSizeGb: 75 }),
  t("i3.large", false, 2, 15616, { instanceStoreDisks: 1, instanceStoreDiskSizeGb: 475 }),
  t("m5.metal", false, 96, 393216, { bareMetal: true }),
  t("i3.metal", false, 72, 524288, { bareMetal: true, instanceStoreDisks: 8, instanceStoreDiskSizeGb: 1900 }),
];
