// The loopback AWS fake: an HTTP server on 127.0.0.1 that speaks EC2, CloudWatch and STS as the real SDK clients
// do, plus the test-facing handle to seed state, inject failures, evaluate alarms and inspect every call.

import { alarmOutput, CLOUDWATCH_OPERATIONS, CLOUDWATCH_WRITE_OPERATIONS } from "./cloudwatch_api.ts";
import { EC2_OPERATIONS, EC2_WRITE_OPERATIONS, EC2_XMLNS } from "./ec2_api.ts";
import { AwsError } from "./errors.ts";
import { evaluateAlarms, type EvaluationResult, metricKey } from "./evaluate_alarms.ts";
import { DEFAULT_INSTANCE_TYPES, type FakeInstanceType } from "./instance_types.ts";
import {
  cborError,
  cborResponse,
  CLOUDWATCH_TARGET,
  CLOUDWATCH_XMLNS,
  ec2Error,
  ec2Response,
  jsonError,
  jsonResponse,
  queryError,
  queryResponse,
  serviceOfVersion,
  STS_XMLNS,
} from "./protocols.ts";
import { parseQueryBody, queryToObject } from "./query_params.ts";
import { parseAuthorization, verifySignature } from "./sigv4.ts";
import { decodeCbor } from "./cbor.ts";
import {
  type CheckStatus,
  type ExecutedAction,
  type FakeAlarm,
  type FakeInstance,
  type FakeRoute,
  type FakeRouteTable,
  type FakeState,
  type InstanceStateName,
  newId,
  partitionOf,
  type RecordedCall,
} from "./state.ts";
import { DEFAULT_RATE_LIMITS, type RateLimit, Throttler, type ThrottleStorm } from "./throttle.ts";

/** Options of startAwsFake. */
export interface AwsFakeOptions {
  /** The account every identity belongs to unless `identities` says otherwise (default 123456789012). */
  accountId?: string;
  /** The fake's region (default us-east-1); the partition follows from it. */
  region?: string;
  /** A throttling storm: each call throttled with this probability (seeded). Default: none. */
  throttle?: ThrottleStorm;
  /** Token buckets per operation name; default DEFAULT_RATE_LIMITS (AWS-like); `false` for none. */
  rateLimits?: Record<string, RateLimit> | false;
  /**
   * Access key id → identity, for STS GetCallerIdentity (unknown keys get the default account). With a
   * `secretAccessKey`, requests signed with that key are SigV4-verified (`SignatureDoesNotMatch` / EC2 `AuthFailure`).
   */
  identities?: Record<string, FakeIdentity>;
  /** Refuse access keys not in `identities` (`InvalidClientTokenId` / EC2 `AuthFailure`), and unsigned requests. */
  rejectUnknownKeys?: boolean;
  /** Extra instance types (added to, or replacing by name, the built-in catalog). */
  instanceTypes?: FakeInstanceType[];
  /** Port to listen on (default 0: a free one). */
  port?: number;
}

/** Who an access key belongs to. */
export interface FakeIdentity {
  accountId: string;
  /** Default `arn:<partition>:iam::<account>:user/hostmend-test`. */
  arn?: string;
  /** When set, signatures made with this key are verified against it. */
  secretAccessKey?: string;
}

/** How to add an instance; everything has a default (t3.micro, running, us-east-1a, default tenancy). */
export interface AddInstanceOptions {
  type?: string;
  state?: InstanceStateName;
  tags?: Record<string, string>;
  availabilityZone?: string;
  tenancy?: "default" | "dedicated" | "host";
  /** The (dedicated) host id; generated when absent. */
  hostId?: string;
  vpcId?: string;
  subnetId?: string;
  privateIpAddress?: string;
  networkInterfaceId?: string;
  /** Instance-store volumes; default: what the type comes with. */
  instanceStoreVolumes?: number;
  instanceId?: string;
}

/** A route to seed: a destination and its target. */
export interface AddRouteOptions {
  destination: string;
  networkInterfaceId?: string;
  gatewayId?: string;
  instanceId?: string;
  natGatewayId?: string;
}

/** A route table to seed. */
export interface AddRouteTableOptions {
  vpcId: string;
  routes?: AddRouteOptions[];
  subnetIds?: string[];
  main?: boolean;
  tags?: Record<string, string>;
  routeTableId?: string;
}

/** The test's view of one instance. */
export interface InstanceView {
  instanceId: string;
  instanceType: string;
  state: InstanceStateName;
  systemStatus: CheckStatus;
  instanceStatus: CheckStatus;
  hostId: string;
  hostHistory: string[];
  privateIpAddress: string;
  networkInterfaceId: string;
  availabilityZone: string;
  tenancy: string;
  tags: Record<string, string>;
  rebootCount: number;
  recoverCount: number;
}

/** The running fake, returned by startAwsFake. */
export class AwsFake {
  readonly #state: FakeState;
  readonly #throttler: Throttler;
  readonly #identities: Record<string, FakeIdentity>;
  readonly #rejectUnknownKeys: boolean;
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;
  #url = "";

  /** @internal use startAwsFake. */
  constructor(options: AwsFakeOptions) {
    const region = options.region ?? "us-east-1";
    this.#state = {
      accountId: options.accountId ?? "123456789012",
      region,
      partition: partitionOf(region),
      instances: new Map(),
      instanceTypes: new Map(
        [...DEFAULT_INSTANCE_TYPES, ...(options.instanceTypes ?? [])].map((t) => [t.instanceType, { ...t }]),
      ),
      networkInterfaces: new Map(),
      routeTables: new Map(),
      alarms: new Map(),
      alarmHistory: [],
      metricValues: new Map(),
      calls: [],
      actions: [],
      notifications: [],
      nextId: 0,
    };
    this.#throttler = new Throttler(options.rateLimits ?? DEFAULT_RATE_LIMITS, options.throttle);
    this.#identities = options.identities ?? {};
    this.#rejectUnknownKeys = options.rejectUnknownKeys ?? false;
  }

  /** @internal */
  listen(port: number): Promise<void> {
    return new Promise((resolve) => {
      this.#server = Deno.serve({
        hostname: "127.0.0.1",
        port,
        onListen: ({ port }) => {
          this.#url = `http://127.0.0.1:${port}`;
          resolve();
        },
      }, (req) => this.#handle(req));
    });
  }

  /** The base URL, `http://127.0.0.1:PORT`. */
  get url(): string {
    return this.#url;
  }

  /** The fake's account id. */
  get accountId(): string {
    return this.#state.accountId;
  }

  /** The fake's region. */
  get region(): string {
    return this.#state.region;
  }

  /** The partition of the region (`aws`, `aws-cn`, `aws-us-gov`). */
  get partition(): string {
    return this.#state.partition;
  }

  /**
   * Environment for a process that should talk to this fake: endpoint variables (generic and per service), region,
   * static dummy credentials; `extra` entries override.
   */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.#url,
      AWS_ENDPOINT_URL_EC2: this.#url,
      AWS_ENDPOINT_URL_CLOUDWATCH: this.#url,
      AWS_ENDPOINT_URL_STS: this.#url,
      AWS_REGION: this.#state.region,
      AWS_ACCESS_KEY_ID: "AKIDFAKEHOSTMEND",
      AWS_SECRET_ACCESS_KEY: "fake-secret-key",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      ...extra,
    };
  }

  // ---- seeding ------------------------------------------------------------------------------------------------

  /** Adds an instance (with its network interface) and returns its id. */
  addInstance(options: AddInstanceOptions = {}): string {
    const s = this.#state;
    const type = options.type ?? "t3.micro";
    const info = s.instanceTypes.get(type);
    if (!info) throw new TypeError(`Unknown instance type "${type}": add it with addInstanceType first`);
    const instanceId = options.instanceId ?? newId(s, "i");
    if (!/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(instanceId)) {
      throw new TypeError(`Instance id "${instanceId}" is not shaped like EC2's: use i- and 8 or 17 hex digits`);
    }
    if (s.instances.has(instanceId)) throw new TypeError(`Instance ${instanceId} already exists`);
    const n = s.nextId;
    const az = options.availabilityZone ?? `${s.region}a`;
    const vpcId = options.vpcId ?? "vpc-0fake0000000000001";
    const subnetId = options.subnetId ?? `subnet-0fake${az.slice(-1)}00000000001`;
    const privateIpAddress = options.privateIpAddress ?? `10.0.${(n >> 8) & 255}.${n & 255}`;
    const networkInterfaceId = options.networkInterfaceId ?? newId(s, "eni");
    const tenancy = options.tenancy ?? "default";
    const hostId = options.hostId ??
      (tenancy === "host" ? newId(s, "h") : `host-${(++s.nextId).toString(16).padStart(8, "0")}`);
    const instance: FakeInstance = {
      instanceId,
      instanceType: type,
      state: options.state ?? "running",
      tags: { ...options.tags },
      availabilityZone: az,
      tenancy,
      hostId,
      hostHistory: [hostId],
      vpcId,
      subnetId,
      privateIpAddress,
      networkInterfaceId,
      imageId: "ami-0fake00000000000001",
      launchTime: new Date("2026-01-01T00:00:00Z"),
      blockDevices: [{ deviceName: "/dev/xvda", volumeId: newId(s, "vol") }],
      instanceStoreVolumes: options.instanceStoreVolumes ?? info.instanceStoreDisks,
      systemStatus: "ok",
      instanceStatus: "ok",
      rebootCount: 0,
      recoverCount: 0,
    };
    s.instances.set(instanceId, instance);
    s.networkInterfaces.set(networkInterfaceId, {
      networkInterfaceId,
      vpcId,
      subnetId,
      availabilityZone: az,
      privateIpAddress,
      instanceId,
      sourceDestCheck: true,
    });
    return instanceId;
  }

  /** Adds `count` instances with the same options; returns their ids. */
  addInstances(count: number, options: Omit<AddInstanceOptions, "instanceId" | "networkInterfaceId"> = {}): string[] {
    return Array.from({ length: count }, () => this.addInstance(options));
  }

  /** Adds (or replaces) an instance type in the catalog. */
  addInstanceType(type: FakeInstanceType): void {
    this.#state.instanceTypes.set(type.instanceType, { ...type });
  }

  /** Adds a detached network interface (route tables may also name ENIs: they are registered automatically). */
  addNetworkInterface(
    options: { networkInterfaceId?: string; vpcId?: string; availabilityZone?: string } = {},
  ): string {
    const s = this.#state;
    const id = options.networkInterfaceId ?? newId(s, "eni");
    const az = options.availabilityZone ?? `${s.region}a`;
    s.networkInterfaces.set(id, {
      networkInterfaceId: id,
      vpcId: options.vpcId ?? "vpc-0fake0000000000001",
      subnetId: `subnet-0fake${az.slice(-1)}00000000001`,
      availabilityZone: az,
      privateIpAddress: `10.0.255.${s.nextId & 255}`,
      sourceDestCheck: true,
    });
    return id;
  }

  /** Adds a route table (with a `local` route for the VPC) and returns its id. ENIs it names are registered. */
  addRouteTable(options: AddRouteTableOptions): string {
    const s = this.#state;
    const id = options.routeTableId ?? newId(s, "rtb");
    const routes: FakeRoute[] = [
      { destinationCidrBlock: "10.0.0.0/16", gatewayId: "local", origin: "CreateRouteTable", state: "active" },
    ];
    for (const r of options.routes ?? []) {
      if (r.networkInterfaceId && !s.networkInterfaces.has(r.networkInterfaceId)) {
        this.addNetworkInterface({ networkInterfaceId: r.networkInterfaceId, vpcId: options.vpcId });
      }
      const route: FakeRoute = { destinationCidrBlock: r.destination, origin: "CreateRoute", state: "active" };
      if (r.networkInterfaceId) route.networkInterfaceId = r.networkInterfaceId;
      if (r.gatewayId) route.gatewayId = r.gatewayId;
      if (r.instanceId) route.instanceId = r.instanceId;
      if (r.natGatewayId) route.natGatewayId = r.natGatewayId;
      routes.push(route);
    }
    s.routeTables.set(id, {
      routeTableId: id,
      vpcId: options.vpcId,
      routes,
      subnetIds: options.subnetIds ?? [],
      main: options.main ?? false,
      tags: { ...options.tags },
    });
    return id;
  }

  /** A copy of a route table (routes with their targets). */
  routeTable(id: string): FakeRouteTable {
    const t = this.#state.routeTables.get(id);
    if (!t) throw new TypeError(`No route table ${id}`);
    return structuredClone(t);
  }

  // ---- failures ----------------------------------------------------------------------------------------------------

  /** The instance's OS lost its network (as `ifconfig eth0 down`): instance check impaired. Reboot heals it. */
  failInstanceCheck(id: string): void {
    this.#instance(id).instanceStatus = "impaired";
  }

  /** The instance's host is broken: system check impaired. Only recover (new hardware) heals it. */
  failSystemCheck(id: string): void {
    this.#instance(id).systemStatus = "impaired";
  }

  /** Clears both checks (as if the fault went away by itself). */
  healChecks(id: string): void {
    const i = this.#instance(id);
    i.systemStatus = "ok";
    i.instanceStatus = "ok";
  }

  /** Sets an instance's lifecycle state (e.g. stopped, terminated). */
  setInstanceState(id: string, state: InstanceStateName): void {
    this.#instance(id).state = state;
  }

  /** Removes an instance entirely (as long after termination). */
  removeInstance(id: string): void {
    const i = this.#instance(id);
    this.#state.instances.delete(id);
    this.#state.networkInterfaces.delete(i.networkInterfaceId);
  }

  /** Sets a metric value that evaluation uses for alarms on that metric (beyond the status-check metrics). */
  putMetricValue(namespace: string, metricName: string, dimensions: Record<string, string>, value: number): void {
    this.#state.metricValues.set(metricKey(namespace, metricName, dimensions), value);
  }

  /** Runs `periods` evaluation periods (default 1): datapoints, transitions, and alarm actions. */
  evaluateAlarms(options: { periods?: number } = {}): EvaluationResult {
    return evaluateAlarms(this.#state, options);
  }

  // ---- inspection ----------------------------------------------------------------------------------------------

  /** The test's view of an instance (throws for an unknown id). */
  instance(id: string): InstanceView {
    const i = this.#instance(id);
    return {
      instanceId: i.instanceId,
      instanceType: i.instanceType,
      state: i.state,
      systemStatus: i.systemStatus,
      instanceStatus: i.instanceStatus,
      hostId: i.hostId,
      hostHistory: [...i.hostHistory],
      privateIpAddress: i.privateIpAddress,
      networkInterfaceId: i.networkInterfaceId,
      availabilityZone: i.availabilityZone,
      tenancy: i.tenancy,
      tags: { ...i.tags },
      rebootCount: i.rebootCount,
      recoverCount: i.recoverCount,
    };
  }

  /** Every alarm as DescribeAlarms would return it, sorted by name. */
  alarms(): Omit<FakeAlarm, "datapoints">[] {
    return [...this.#state.alarms.values()]
      .sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : 1))
      .map((a) => structuredClone(alarmOutput(a)) as Omit<FakeAlarm, "datapoints">);
  }

  /** One alarm, or undefined. */
  alarm(name: string): Omit<FakeAlarm, "datapoints"> | undefined {
    const a = this.#state.alarms.get(name);
    return a ? structuredClone(alarmOutput(a)) as Omit<FakeAlarm, "datapoints"> : undefined;
  }

  /** An alarm's tags (PutMetricAlarm on creation, TagResource, UntagResource), or undefined for no such alarm. */
  alarmTags(name: string): Record<string, string> | undefined {
    const a = this.#state.alarms.get(name);
    return a ? Object.fromEntries((a.Tags ?? []).map((t) => [t.Key, t.Value])) : undefined;
  }

  /** Every API call received since start or resetCalls(), in arrival order (throttled and failed ones included). */
  get calls(): readonly RecordedCall[] {
    return this.#state.calls;
  }

  /** The calls that would change state (PutMetricAlarm, DeleteAlarms, ReplaceRoute …), whatever their outcome. */
  writeCalls(): RecordedCall[] {
    return this.#state.calls.filter((c) => c.write);
  }

  /** Forgets recorded calls (not actions or notifications). */
  resetCalls(): void {
    this.#state.calls.length = 0;
  }

  /** Every alarm action executed (by evaluation or SetAlarmState). */
  get actions(): readonly ExecutedAction[] {
    return this.#state.actions;
  }

  /** SNS notifications sent by alarm actions. */
  get notifications(): readonly { topicArn: string; alarmName: string; state: string; reason: string }[] {
    return this.#state.notifications;
  }

  /** Starts (or, with undefined, ends) a throttling storm. */
  setThrottle(storm: ThrottleStorm | undefined): void {
    this.#throttler.setStorm(storm);
  }

  /** Replaces the rate limits (`false`: none). */
  setRateLimits(limits: Record<string, RateLimit> | false): void {
    this.#throttler.setRateLimits(limits);
  }

  /** Stops the server. */
  async close(): Promise<void> {
    await this.#server?.shutdown();
  }

  // ---- HTTP ------------------------------------------------------------------------------------------------------

  #instance(id: string): FakeInstance {
    const i = this.#state.instances.get(id);
    if (!i) throw new TypeError(`No instance ${id}`);
    return i;
  }

  async #handle(req: Request): Promise<Response> {
    const requestId = crypto.randomUUID();
    const bytes = new Uint8Array(await req.arrayBuffer());
    const denied = await this.#authenticate(req, bytes);
    const contentType = req.headers.get("content-type") ?? "";
    if (req.headers.get("smithy-protocol") === "rpc-v2-cbor" || contentType.includes("cbor")) {
      return this.#cloudWatchCbor(new URL(req.url).pathname, bytes, requestId, denied?.("cloudwatch"));
    }
    const body = new TextDecoder().decode(bytes);
    const target = req.headers.get("x-amz-target");
    if (target !== null) {
      return this.#cloudWatchJson(target, body, requestId, denied?.("cloudwatch"));
    }
    const params = req.method === "POST" ? parseQueryBody(body) : Object.fromEntries(new URL(req.url).searchParams);
    const service = serviceOfVersion(params.Version) ??
      ({ ec2: "ec2", monitoring: "cloudwatch", sts: "sts" } as Record<string, "ec2" | "cloudwatch" | "sts">)[
        parseAuthorization(req.headers.get("authorization"))?.service ?? ""
      ];
    const operation = params.Action ?? "";
    if (service === "ec2") return this.#ec2(operation, params, requestId, denied?.("ec2"));
    if (service === "cloudwatch") return this.#cloudWatchQuery(operation, params, requestId, denied?.("cloudwatch"));
    if (service === "sts") {
      const key = parseAuthorization(req.headers.get("authorization"))?.accessKeyId;
      return this.#sts(operation, params, requestId, key, denied?.("sts"));
    }
    return ec2Error(new AwsError("MissingAction", "The request must contain the parameter Action"), requestId);
  }

  /** Undefined when the request may proceed; otherwise the error to answer with, in the service's terms. */
  async #authenticate(
    req: Request,
    body: Uint8Array<ArrayBuffer>,
  ): Promise<((service: "ec2" | "cloudwatch" | "sts") => AwsError) | undefined> {
    const auth = parseAuthorization(req.headers.get("authorization"));
    const identity = auth ? this.#identities[auth.accessKeyId] : undefined;
    if (!auth) {
      if (!this.#rejectUnknownKeys) return undefined;
      return (service) =>
        service === "ec2"
          ? new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401)
          : new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    }
    if (!identity) {
      if (!this.#rejectUnknownKeys) return undefined;
      return (service) =>
        service === "ec2"
          ? new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401)
          : new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    }
    if (identity.secretAccessKey === undefined) return undefined;
    if (await verifySignature(req, body, auth, identity.secretAccessKey)) return undefined;
    return (service) =>
      service === "ec2"
        ? new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401)
        : new AwsError(
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
          403,
        );
  }

  #record(call: RecordedCall): RecordedCall {
    this.#state.calls.push(call);
    return call;
  }

  /** Runs an operation with throttling and recording; returns its output or the AwsError to send. */
  #run<T>(call: RecordedCall, throttleCode: AwsError, fn: () => T, denied?: AwsError): T | AwsError {
    this.#record(call);
    if (denied) {
      call.error = denied.code;
      return denied;
    }
    if (this.#throttler.check(call.operation)) {
      call.error = throttleCode.code;
      return throttleCode;
    }
    try {
      return fn();
    } catch (e) {
      if (e instanceof AwsError) {
        call.error = e.code;
        return e;
      }
      call.error = "InternalError";
      console.error(e);
      return new AwsError("InternalFailure", `The fake failed: ${(e as Error).message}`, 500, "Receiver");
    }
  }

  #ec2(operation: string, params: Record<string, string>, requestId: string, denied?: AwsError): Response {
    const handler = EC2_OPERATIONS[operation];
    const call = { service: "ec2", operation, params, write: EC2_WRITE_OPERATIONS.has(operation) } as const;
    const out = this.#run(
      { ...call },
      new AwsError("RequestLimitExceeded", "Request limit exceeded.", 503, "Receiver"),
      () => {
        if (!handler) throw new AwsError("InvalidAction", `The action ${operation} is not valid for this web service.`);
        return handler(this.#state, params);
      },
      denied,
    );
    return out instanceof AwsError ? ec2Error(out, requestId) : ec2Response(operation, out, requestId, EC2_XMLNS);
  }

  #cloudWatchJson(target: string, body: string, requestId: string, denied?: AwsError): Response {
    const [prefix, operation = ""] = target.split(".");
    let input: Record<string, unknown> = {};
    try {
      input = body ? JSON.parse(body) : {};
    } catch {
      return jsonError(new AwsError("SerializationException", "Malformed JSON body"), requestId);
    }
    const handler = prefix === CLOUDWATCH_TARGET ? CLOUDWATCH_OPERATIONS[operation] : undefined;
    const out = this.#run(
      { service: "cloudwatch", operation, params: input, write: CLOUDWATCH_WRITE_OPERATIONS.has(operation) },
      new AwsError("Throttling", "Rate exceeded", 400),
      () => {
        if (!handler) throw new AwsError("UnknownOperationException", `Unknown operation ${target}`);
        return handler(this.#state, input);
      },
      denied,
    );
    return out instanceof AwsError ? jsonError(out, requestId) : jsonResponse(out, requestId);
  }

  #cloudWatchCbor(path: string, body: Uint8Array, requestId: string, denied?: AwsError): Response {
    const m = /\/service\/([^/]+)\/operation\/([^/]+)$/.exec(path);
    const operation = m?.[2] ?? "";
    let input: Record<string, unknown> = {};
    try {
      input = decodeCbor(body) as Record<string, unknown>;
    } catch {
      return cborError(new AwsError("SerializationException", "Malformed CBOR body"), requestId);
    }
    const handler = m?.[1] === CLOUDWATCH_TARGET ? CLOUDWATCH_OPERATIONS[operation] : undefined;
    const out = this.#run(
      { service: "cloudwatch", operation, params: input, write: CLOUDWATCH_WRITE_OPERATIONS.has(operation) },
      new AwsError("Throttling", "Rate exceeded", 400),
      () => {
        if (!handler) throw new AwsError("UnknownOperationException", `Unknown operation ${path}`);
        return handler(this.#state, input);
      },
      denied,
    );
    return out instanceof AwsError ? cborError(out, requestId) : cborResponse(out, requestId);
  }

  #cloudWatchQuery(
    operation: string,
    params: Record<string, string>,
    requestId: string,
    denied?: AwsError,
  ): Response {
    const handler = CLOUDWATCH_OPERATIONS[operation];
    const out = this.#run(
      { service: "cloudwatch", operation, params, write: CLOUDWATCH_WRITE_OPERATIONS.has(operation) },
      new AwsError("Throttling", "Rate exceeded", 400),
      () => {
        if (!handler) {
          throw new AwsError("InvalidAction", `Could not find operation ${operation} for version 2010-08-01`);
        }
        return handler(this.#state, queryToObject(params));
      },
      denied,
    );
    return out instanceof AwsError
      ? queryError(out, requestId, CLOUDWATCH_XMLNS)
      : queryResponse(operation, out, requestId, CLOUDWATCH_XMLNS);
  }

  #sts(
    operation: string,
    params: Record<string, string>,
    requestId: string,
    accessKey: string | undefined,
    denied?: AwsError,
  ): Response {
    const out = this.#run(
      { service: "sts", operation, params, write: false },
      new AwsError("Throttling", "Rate exceeded", 400),
      () => {
        if (operation !== "GetCallerIdentity") {
          throw new AwsError("InvalidAction", `Could not find operation ${operation} for version 2011-06-15`);
        }
        const who = (accessKey && this.#identities[accessKey]) || { accountId: this.#state.accountId };
        return {
          UserId: `AIDA${who.accountId}FAKE`,
          Account: who.accountId,
          Arn: who.arn ?? `arn:${this.#state.partition}:iam::${who.accountId}:user/hostmend-test`,
        };
      },
      denied,
    );
    return out instanceof AwsError
      ? queryError(out, requestId, STS_XMLNS)
      : queryResponse(operation, out, requestId, STS_XMLNS);
  }
}

/**
 * Starts the fake on 127.0.0.1 (a free port unless `port` is given). Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const fake = await startAwsFake({ accountId: "123456789012", region: "us-east-1", rateLimits: false });
 * try {
 *   const id = fake.addInstance({ type: "t3.micro", tags: { Role: "web" } });
 *   const ec2 = new EC2Client({ endpoint: fake.url, region: fake.region, credentials: { accessKeyId: "x", secretAccessKey: "y" } });
 * } finally {
 *   await fake.close();
 * }
 * ```
 */
export async function startAwsFake(options: AwsFakeOptions = {}): Promise<AwsFake> {
  const fake = new AwsFake(options);
  await fake.listen(options.port ?? 0);
  return fake;
}
