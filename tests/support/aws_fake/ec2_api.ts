// The EC2 operations the fake serves (ec2Query protocol): form parameters in, XML response bodies out.

import { AwsError } from "./errors.ts";
import { filterParams, listParam, type QueryFilter, type QueryParams } from "./query_params.ts";
import {
  type FakeInstance,
  type FakeRoute,
  type FakeRouteTable,
  type FakeState,
  INSTANCE_STATE_CODES,
} from "./state.ts";
import { el, itemSet, wrap } from "./xml.ts";
import type { FakeInstanceType } from "./instance_types.ts";

/** EC2's XML namespace (API version 2016-11-15). */
export const EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

/** EC2 operations that change state. */
export const EC2_WRITE_OPERATIONS: ReadonlySet<string> = new Set(["ReplaceRoute", "CreateRoute", "RebootInstances"]);

type Handler = (state: FakeState, params: QueryParams) => string;

/** The EC2 operations by name; each returns the inner XML of `<OpResponse>` (after `<requestId>`). */
export const EC2_OPERATIONS: Readonly<Record<string, Handler>> = {
  DescribeInstances: describeInstances,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeInstanceStatus: describeInstanceStatus,
  DescribeRouteTables: describeRouteTables,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
  ReplaceRoute: replaceRoute,
  CreateRoute: createRoute,
  RebootInstances: rebootInstances,
};

// ---- helpers ----------------------------------------------------------------------------------------------

/** EC2 filter values accept `*` and `?` wildcards. */
function globMatch(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const re = new RegExp(
    "^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$",
  );
  return re.test(value);
}

function anyMatch(filter: QueryFilter, values: (string | undefined)[]): boolean {
  return values.some((v) => v !== undefined && filter.values.some((p) => globMatch(p, v)));
}

function tagFilter(filter: QueryFilter, tags: Record<string, string>): boolean | undefined {
  if (filter.name.startsWith("tag:")) {
    const key = filter.name.slice(4);
    return key in tags && anyMatch(filter, [tags[key]]);
  }
  if (filter.name === "tag-key") return anyMatch(filter, Object.keys(tags));
  if (filter.name === "tag-value") return anyMatch(filter, Object.values(tags));
  return undefined;
}

function invalidFilter(name: string): AwsError {
  return new AwsError("InvalidParameterValue", `The filter '${name}' is invalid`);
}

interface PageLimits {
  min: number;
  max: number;
}

/** Pages a list with MaxResults/NextToken (the token is opaque: the operation and an offset). */
function paginate<T>(
  operation: string,
  list: T[],
  params: QueryParams,
  limits: PageLimits,
): { page: T[]; nextToken?: string } {
  let start = 0;
  const token = params.NextToken;
  if (token !== undefined && token !== "") {
    const decoded = decodeToken(token);
    if (!decoded || decoded.op !== operation) {
      throw new AwsError("InvalidParameterValue", `Invalid value '${token}' for nextToken`);
    }
    start = decoded.offset;
  }
  if (params.MaxResults === undefined) return { page: list.slice(start) };
  const max = Number(params.MaxResults);
  if (!Number.isInteger(max) || max < limits.min) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value ( ${params.MaxResults} ) for parameter maxResults is invalid. Expecting a value greater than ${limits.min}.`,
    );
  }
  if (max > limits.max) {
    throw new AwsError(
      "InvalidParameterValue",
      `Value ( ${params.MaxResults} ) for parameter maxResults is invalid. Expecting a value less than ${limits.max}.`,
    );
  }
  const page = list.slice(start, start + max);
  const next = start + max < list.length ? encodeToken(operation, start + max) : undefined;
  return next === undefined ? { page } : { page, nextToken: next };
}

function encodeToken(op: string, offset: number): string {
  return btoa(JSON.stringify({ op, offset }));
}

function decodeToken(token: string): { op: string; offset: number } | undefined {
  try {
    const v = JSON.parse(atob(token));
    return typeof v.op === "string" && Number.isInteger(v.offset) ? v : undefined;
  } catch {
    return undefined;
  }
}

function tagSetXml(tags: Record<string, string>): string {
  return itemSet("tagSet", Object.entries(tags), ([k, v]) => el("key", k) + el("value", v));
}

function checkInstanceIds(state: FakeState, ids: string[]): void {
  for (const id of ids) {
    if (!/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) {
      throw new AwsError("InvalidInstanceID.Malformed", `Invalid id: "${id}"`);
    }
  }
  const missing = ids.filter((id) => !state.instances.has(id));
  if (missing.length === 1) {
    throw new AwsError("InvalidInstanceID.NotFound", `The instance ID '${missing[0]}' does not exist`);
  }
  if (missing.length > 1) {
    throw new AwsError("InvalidInstanceID.NotFound", `The instance IDs '${missing.join(", ")}' do not exist`);
  }
}

// ---- instances ----------------------------------------------------------------------------------------------

function instanceMatches(instance: FakeInstance, filter: QueryFilter): boolean {
  const byTag = tagFilter(filter, instance.tags);
  if (byTag !== undefined) return byTag;
  switch (filter.name) {
    case "instance-id":
      return anyMatch(filter, [instance.instanceId]);
    case "instance-state-name":
      return anyMatch(filter, [instance.state]);
    case "instance-state-code":
      return anyMatch(filter, [String(INSTANCE_STATE_CODES[instance.state])]);
    case "instance-type":
      return anyMatch(filter, [instance.instanceType]);
    case "availability-zone":
      return anyMatch(filter, [instance.availabilityZone]);
    case "vpc-id":
      return anyMatch(filter, [instance.vpcId]);
    case "subnet-id":
      return anyMatch(filter, [instance.subnetId]);
    case "private-ip-address":
      return anyMatch(filter, [instance.privateIpAddress]);
    case "network-interface.network-interface-id":
      return anyMatch(filter, [instance.networkInterfaceId]);
    case "placement-tenancy":
    case "tenancy":
      return anyMatch(filter, [instance.tenancy]);
    case "host-id":
      return instance.tenancy === "host" && anyMatch(filter, [instance.hostId]);
    default:
      throw invalidFilter(filter.name);
  }
}

function instanceXml(state: FakeState, i: FakeInstance): string {
  return el("instanceId", i.instanceId) +
    el("imageId", i.imageId) +
    wrap("instanceState", el("code", INSTANCE_STATE_CODES[i.state]) + el("name", i.state)) +
    el("privateDnsName", `ip-${i.privateIpAddress.replace(/\./g, "-")}.ec2.internal`) +
    el("dnsName", "") +
    el("reason", "") +
    el("amiLaunchIndex", 0) +
    el("instanceType", i.instanceType) +
    el("launchTime", i.launchTime.toISOString()) +
    wrap(
      "placement",
      el("availabilityZone", i.availabilityZone) + el("groupName", "") + el("tenancy", i.tenancy) +
        (i.tenancy === "host" ? el("hostId", i.hostId) : ""),
    ) +
    wrap("monitoring", el("state", "disabled")) +
    el("subnetId", i.subnetId) +
    el("vpcId", i.vpcId) +
    el("privateIpAddress", i.privateIpAddress) +
    el("sourceDestCheck", true) +
    itemSet("groupSet", [] as string[], () => "") +
    el("architecture", "x86_64") +
    el("rootDeviceType", "ebs") +
    el("rootDeviceName", i.blockDevices[0]?.deviceName ?? "/dev/xvda") +
    itemSet(
      "blockDeviceMapping",
      i.blockDevices,
      (b) =>
        el("deviceName", b.deviceName) +
        wrap(
          "ebs",
          el("volumeId", b.volumeId) + el("status", "attached") + el("attachTime", i.launchTime.toISOString()) +
            el("deleteOnTermination", true),
        ),
    ) +
    el("virtualizationType", "hvm") +
    (Object.keys(i.tags).length > 0 ? tagSetXml(i.tags) : "") +
    el("hypervisor", "xen") +
    itemSet(
      "networkInterfaceSet",
      [i],
      (x) =>
        el("networkInterfaceId", x.networkInterfaceId) + el("subnetId", x.subnetId) + el("vpcId", x.vpcId) +
        el("ownerId", state.accountId) + el("status", "in-use") + el("privateIpAddress", x.privateIpAddress) +
        el("sourceDestCheck", true) +
        wrap(
          "attachment",
          el("attachmentId", x.networkInterfaceId.replace("eni-", "eni-attach-")) + el("deviceIndex", 0) +
            el("status", "attached") + el("deleteOnTermination", true),
        ),
    ) +
    el("ebsOptimized", false) +
    el("enaSupport", true) +
    wrap("maintenanceOptions", el("autoRecovery", "default"));
}

function describeInstances(state: FakeState, params: QueryParams): string {
  const ids = listParam(params, "InstanceId");
  if (ids.length > 0 && params.MaxResults !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "The parameter instancesSet cannot be used with the parameter maxResults",
    );
  }
  checkInstanceIds(state, ids);
  const filters = filterParams(params);
  const list = [...state.instances.values()]
    .filter((i) => ids.length === 0 || ids.includes(i.instanceId))
    .filter((i) => filters.every((f) => instanceMatches(i, f)));
  const { page, nextToken } = paginate("DescribeInstances", list, params, { min: 5, max: 1000 });
  return itemSet(
    "reservationSet",
    page,
    (i) =>
      el("reservationId", i.instanceId.replace("i-", "r-")) + el("ownerId", state.accountId) +
      itemSet("groupSet", [] as string[], () => "") + itemSet("instancesSet", [i], (x) => instanceXml(state, x)),
  ) + el("nextToken", nextToken);
}

// ---- instance types ------------------------------------------------------------------------------------------

function typeXml(t: FakeInstanceType): string {
  return el("instanceType", t.instanceType) +
    el("currentGeneration", true) +
    el("freeTierEligible", t.instanceType === "t3.micro") +
    itemSet("supportedUsageClasses", ["on-demand", "spot"], (x) => x) +
    itemSet("supportedRootDeviceTypes", ["ebs"], (x) => x) +
    itemSet("supportedVirtualizationTypes", ["hvm"], (x) => x) +
    el("bareMetal", t.bareMetal) +
    (t.bareMetal ? "" : el("hypervisor", "nitro")) +
    wrap("vCpuInfo", el("defaultVCpus", t.vcpus)) +
    wrap("memoryInfo", el("sizeInMiB", t.memoryMib)) +
    el("instanceStorageSupported", t.instanceStoreDisks > 0) +
    (t.instanceStoreDisks > 0
      ? wrap(
        "instanceStorageInfo",
        el("totalSizeInGB", t.instanceStoreDisks * (t.instanceStoreDiskSizeGb ?? 0)) +
          itemSet(
            "disks",
            [t],
            (x) =>
              el("sizeInGB", x.instanceStoreDiskSizeGb ?? 0) + el("count", x.instanceStoreDisks) + el("type", "ssd"),
          ) + el("nvmeSupport", "required"),
      )
      : "") +
    wrap("ebsInfo", el("ebsOptimizedSupport", "default") + el("encryptionSupport", "supported")) +
    el("hibernationSupported", false) +
    el("burstablePerformanceSupported", t.instanceType.startsWith("t")) +
    el("dedicatedHostsSupported", t.dedicatedHostsSupported) +
    el("autoRecoverySupported", t.autoRecoverySupported);
}

function typeMatches(t: FakeInstanceType, filter: QueryFilter): boolean {
  switch (filter.name) {
    case "instance-type":
      return anyMatch(filter, [t.instanceType]);
    case "auto-recovery-supported":
      return anyMatch(filter, [String(t.autoRecoverySupported)]);
    case "bare-metal":
      return anyMatch(filter, [String(t.bareMetal)]);
    case "instance-storage-supported":
      return anyMatch(filter, [String(t.instanceStoreDisks > 0)]);
    default:
      throw invalidFilter(filter.name);
  }
}

function describeInstanceTypes(state: FakeState, params: QueryParams): string {
  const names = listParam(params, "InstanceType");
  if (names.length > 100) {
    throw new AwsError(
      "InvalidParameterValue",
      `The maximum number of instance types that can be specified is 100, but ${names.length} were provided`,
    );
  }
  const unknown = names.filter((n) => !state.instanceTypes.has(n));
  if (unknown.length > 0) {
    throw new AwsError(
      "InvalidInstanceType",
      `The following supplied instance types do not exist: [${unknown.join(", ")}]`,
    );
  }
  const filters = filterParams(params);
  const list = [...state.instanceTypes.values()]
    .filter((t) => names.length === 0 || names.includes(t.instanceType))
    .filter((t) => filters.every((f) => typeMatches(t, f)));
  const { page, nextToken } = paginate("DescribeInstanceTypes", list, params, { min: 5, max: 100 });
  return itemSet("instanceTypeSet", page, typeXml) + el("nextToken", nextToken);
}

// ---- instance status -------------------------------------------------------------------------------------------

function statusOf(i: FakeInstance, which: "system" | "instance"): string {
  if (i.state !== "running") return "not-applicable";
  return which === "system" ? i.systemStatus : i.instanceStatus;
}

function summaryXml(tag: string, i: FakeInstance, which: "system" | "instance"): string {
  const status = statusOf(i, which);
  const detail = status === "not-applicable"
    ? []
    : [{ name: "reachability", status: status === "ok" ? "passed" : "failed" }];
  return wrap(
    tag,
    el("status", status) +
      itemSet("details", detail, (d) => el("name", d.name) + el("status", d.status)),
  );
}

function statusMatches(i: FakeInstance, filter: QueryFilter): boolean {
  switch (filter.name) {
    case "instance-state-name":
      return anyMatch(filter, [i.state]);
    case "instance-state-code":
      return anyMatch(filter, [String(INSTANCE_STATE_CODES[i.state])]);
    case "availability-zone":
      return anyMatch(filter, [i.availabilityZone]);
    case "system-status.status":
      return anyMatch(filter, [statusOf(i, "system")]);
    case "instance-status.status":
      return anyMatch(filter, [statusOf(i, "instance")]);
    case "system-status.reachability":
      return anyMatch(filter, [i.state !== "running" ? "" : i.systemStatus === "ok" ? "passed" : "failed"]);
    case "instance-status.reachability":
      return anyMatch(filter, [i.state !== "running" ? "" : i.instanceStatus === "ok" ? "passed" : "failed"]);
    default:
      throw invalidFilter(filter.name);
  }
}

function describeInstanceStatus(state: FakeState, params: QueryParams): string {
  const ids = listParam(params, "InstanceId");
  if (ids.length > 0 && params.MaxResults !== undefined) {
    throw new AwsError(
      "InvalidParameterCombination",
      "The parameter instancesSet cannot be used with the parameter maxResults",
    );
  }
  checkInstanceIds(state, ids);
  const all = params.IncludeAllInstances === "true";
  const filters = filterParams(params);
  const list = [...state.instances.values()]
    .filter((i) => ids.length === 0 || ids.includes(i.instanceId))
    .filter((i) => all || i.state === "running")
    .filter((i) => filters.every((f) => statusMatches(i, f)));
  const { page, nextToken } = paginate("DescribeInstanceStatus", list, params, { min: 5, max: 1000 });
  return itemSet(
    "instanceStatusSet",
    page,
    (i) =>
      el("instanceId", i.instanceId) + el("availabilityZone", i.availabilityZone) +
      wrap("instanceState", el("code", INSTANCE_STATE_CODES[i.state]) + el("name", i.state)) +
      summaryXml("systemStatus", i, "system") + summaryXml("instanceStatus", i, "instance") +
      wrap("attachedEbsStatus", el("status", i.state === "running" ? "ok" : "not-applicable")),
  ) + el("nextToken", nextToken);
}

function rebootInstances(state: FakeState, params: QueryParams): string {
  const ids = listParam(params, "InstanceId");
  checkInstanceIds(state, ids);
  for (const id of ids) {
    const i = state.instances.get(id)!;
    if (i.state === "running") {
      i.rebootCount += 1;
      i.instanceStatus = "ok";
    }
  }
  return el("return", true);
}

// ---- route tables -----------------------------------------------------------------------------------------------

function routeTableMatches(t: FakeRouteTable, filter: QueryFilter): boolean {
  const byTag = tagFilter(filter, t.tags);
  if (byTag !== undefined) return byTag;
  switch (filter.name) {
    case "vpc-id":
      return anyMatch(filter, [t.vpcId]);
    case "route-table-id":
      return anyMatch(filter, [t.routeTableId]);
    case "route.network-interface-id":
      return anyMatch(filter, t.routes.map((r) => r.networkInterfaceId));
    case "route.destination-cidr-block":
      return anyMatch(filter, t.routes.map((r) => r.destinationCidrBlock));
    case "route.gateway-id":
      return anyMatch(filter, t.routes.map((r) => r.gatewayId));
    case "route.instance-id":
      return anyMatch(filter, t.routes.map((r) => r.instanceId));
    case "association.subnet-id":
      return anyMatch(filter, t.subnetIds);
    case "association.main":
      return anyMatch(filter, [String(t.main)]);
    default:
      throw invalidFilter(filter.name);
  }
}

function routeXml(r: FakeRoute): string {
  return el("destinationCidrBlock", r.destinationCidrBlock) + el("gatewayId", r.gatewayId) +
    el("instanceId", r.instanceId) + el("natGatewayId", r.natGatewayId) +
    el("networkInterfaceId", r.networkInterfaceId) + el("state", r.state) + el("origin", r.origin);
}

function routeTableXml(state: FakeState, t: FakeRouteTable): string {
  const assoc = [
    ...(t.main ? [{ main: true, subnetId: undefined as string | undefined }] : []),
    ...t.subnetIds.map((s) => ({ main: false, subnetId: s as string | undefined })),
  ];
  return el("routeTableId", t.routeTableId) + el("vpcId", t.vpcId) + el("ownerId", state.accountId) +
    itemSet("routeSet", t.routes, routeXml) +
    itemSet(
      "associationSet",
      assoc,
      (a) =>
        el("routeTableAssociationId", `rtbassoc-${t.routeTableId.slice(4)}`) + el("routeTableId", t.routeTableId) +
        el("main", a.main) + el("subnetId", a.subnetId) + wrap("associationState", el("state", "associated")),
    ) +
    itemSet("propagatingVgwSet", [] as string[], () => "") + tagSetXml(t.tags);
}

function describeRouteTables(state: FakeState, params: QueryParams): string {
  const ids = listParam(params, "RouteTableId");
  const missing = ids.filter((id) => !state.routeTables.has(id));
  if (missing.length > 0) {
    throw new AwsError("InvalidRouteTableID.NotFound", `The routeTable ID '${missing[0]}' does not exist`);
  }
  const filters = filterParams(params);
  const list = [...state.routeTables.values()]
    .filter((t) => ids.length === 0 || ids.includes(t.routeTableId))
    .filter((t) => filters.every((f) => routeTableMatches(t, f)));
  const { page, nextToken } = paginate("DescribeRouteTables", list, params, { min: 5, max: 100 });
  return itemSet("routeTableSet", page, (t) => routeTableXml(state, t)) + el("nextToken", nextToken);
}

function required(params: QueryParams, name: string, wireName: string): string {
  const v = params[name];
  if (v === undefined || v === "") {
    throw new AwsError("MissingParameter", `The request must contain the parameter ${wireName}`);
  }
  return v;
}

/** The one target a ReplaceRoute/CreateRoute names; AWS wants exactly one. */
function targetOf(state: FakeState, params: QueryParams): Partial<FakeRoute> {
  const targets: Partial<FakeRoute> = {};
  if (params.NetworkInterfaceId) {
    if (!state.networkInterfaces.has(params.NetworkInterfaceId)) {
      throw new AwsError(
        "InvalidNetworkInterfaceID.NotFound",
        `The networkInterface ID '${params.NetworkInterfaceId}' does not exist`,
      );
    }
    targets.networkInterfaceId = params.NetworkInterfaceId;
  }
  if (params.GatewayId) targets.gatewayId = params.GatewayId;
  if (params.InstanceId) {
    checkInstanceIds(state, [params.InstanceId]);
    targets.instanceId = params.InstanceId;
  }
  if (params.NatGatewayId) targets.natGatewayId = params.NatGatewayId;
  const n = Object.keys(targets).length;
  if (n !== 1) {
    throw new AwsError(
      "InvalidParameterCombination",
      n === 0
        ? "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, localGatewayId, carrierGatewayId, coreNetworkArn or instanceId"
        : "More than one target specified. Specify only one target.",
    );
  }
  return targets;
}

function tableFor(state: FakeState, params: QueryParams): FakeRouteTable {
  const id = required(params, "RouteTableId", "routeTableId");
  const table = state.routeTables.get(id);
  if (!table) throw new AwsError("InvalidRouteTableID.NotFound", `The routeTable ID '${id}' does not exist`);
  return table;
}

function replaceRoute(state: FakeState, params: QueryParams): string {
  const table = tableFor(state, params);
  const destination = required(params, "DestinationCidrBlock", "destinationCidrBlock");
  const target = targetOf(state, params);
  const route = table.routes.find((r) => r.destinationCidrBlock === destination);
  if (!route || route.gatewayId === "local") {
    throw new AwsError(
      "InvalidParameterValue",
      route
        ? `Cannot replace local route ${destination} in the route table`
        : `There is no route defined for '${destination}' in the route table. Use CreateRoute instead.`,
    );
  }
  // AWS keeps exactly one target: the one named replaces whatever was there.
  delete route.networkInterfaceId;
  delete route.gatewayId;
  delete route.instanceId;
  delete route.natGatewayId;
  Object.assign(route, target, { state: "active" });
  return el("return", true);
}

function createRoute(state: FakeState, params: QueryParams): string {
  const table = tableFor(state, params);
  const destination = required(params, "DestinationCidrBlock", "destinationCidrBlock");
  const target = targetOf(state, params);
  if (table.routes.some((r) => r.destinationCidrBlock === destination)) {
    throw new AwsError("RouteAlreadyExists", `The route identified by ${destination} already exists.`);
  }
  table.routes.push({ destinationCidrBlock: destination, origin: "CreateRoute", state: "active", ...target });
  return el("return", true);
}

// ---- network interfaces ------------------------------------------------------------------------------------------

function describeNetworkInterfaces(state: FakeState, params: QueryParams): string {
  const ids = listParam(params, "NetworkInterfaceId");
  const missing = ids.filter((id) => !state.networkInterfaces.has(id));
  if (missing.length > 0) {
    throw new AwsError(
      "InvalidNetworkInterfaceID.NotFound",
      `The networkInterface ID '${missing[0]}' does not exist`,
    );
  }
  const filters = filterParams(params);
  const list = [...state.networkInterfaces.values()]
    .filter((n) => ids.length === 0 || ids.includes(n.networkInterfaceId))
    .filter((n) =>
      filters.every((f) => {
        switch (f.name) {
          case "vpc-id":
            return anyMatch(f, [n.vpcId]);
          case "network-interface-id":
            return anyMatch(f, [n.networkInterfaceId]);
          case "attachment.instance-id":
            return anyMatch(f, [n.instanceId]);
          case "availability-zone":
            return anyMatch(f, [n.availabilityZone]);
          case "subnet-id":
            return anyMatch(f, [n.subnetId]);
          default:
            throw invalidFilter(f.name);
        }
      })
    );
  const { page, nextToken } = paginate("DescribeNetworkInterfaces", list, params, { min: 5, max: 1000 });
  return itemSet(
    "networkInterfaceSet",
    page,
    (n) =>
      el("networkInterfaceId", n.networkInterfaceId) + el("subnetId", n.subnetId) + el("vpcId", n.vpcId) +
      el("availabilityZone", n.availabilityZone) + el("ownerId", state.accountId) +
      el("status", n.instanceId ? "in-use" : "available") + el("privateIpAddress", n.privateIpAddress) +
      el("sourceDestCheck", n.sourceDestCheck) + el("interfaceType", "interface") +
      (n.instanceId
        ? wrap(
          "attachment",
          el("instanceId", n.instanceId) + el("deviceIndex", 0) + el("status", "attached") +
            el("instanceOwnerId", state.accountId),
        )
        : ""),
  ) + el("nextToken", nextToken);
}
