// The EC2 adapter for alarms: which instances are in scope, and the facts that decide whether recover can work.

import {
  type _InstanceType,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  type EC2Client,
  type Filter,
  type Instance,
} from "@aws-sdk/client-ec2";
import { ActionError } from "../cli/errors.ts";
import type { InstanceFacts } from "./alarm_types.ts";
import { chunks } from "./cloudwatch_alarms.ts";

/** Which instances a command is about: given ids, those with a tag, or every running instance. */
export type InstanceSelector =
  | { kind: "ids"; ids: string[] }
  | { kind: "tag"; key: string; value: string }
  | { kind: "all" };

/** What the alarm tasks need from EC2. */
export interface InstanceApi {
  /** The instances of `selector`, with their types' recovery facts. Missing or terminated ids throw. */
  find(selector: InstanceSelector): Promise<InstanceFacts[]>;
  /** Which of `ids` still exist (any state but terminated). */
  existing(ids: string[]): Promise<Set<string>>;
}

const ALIVE = ["pending", "running", "stopping", "stopped", "shutting-down"];

/**
 * Wraps `client` as an {@linkcode InstanceApi}: DescribeInstances by filter (every page, 100 ids per filter) and
 * DescribeInstanceTypes (100 types per call) for AutoRecoverySupported and instance storage.
 * Needs `--allow-net`.
 *
 * @example
 * ```ts
 * const instances = await ec2Instances(aws.ec2).find({ kind: "tag", key: "Role", value: "web" });
 * ```
 */
export function ec2Instances(client: EC2Client): InstanceApi {
  const describe = async (filters: Filter[]): Promise<Instance[]> => {
    const out: Instance[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new DescribeInstancesCommand({ Filters: filters, MaxResults: 1000, NextToken }));
      for (const r of page.Reservations ?? []) out.push(...(r.Instances ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  };
  const byIds = async (ids: string[]) => {
    const out: Instance[] = [];
    for (const chunk of chunks([...new Set(ids)], 100)) {
      out.push(
        ...await describe([{ Name: "instance-id", Values: chunk }, { Name: "instance-state-name", Values: ALIVE }]),
      );
    }
    return out;
  };
  const typeFacts = async (types: string[]) => {
    const facts = new Map<string, { recover: boolean; store: boolean }>();
    for (const chunk of chunks([...new Set(types)].sort(), 100)) {
      let NextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeInstanceTypesCommand({ InstanceTypes: chunk as _InstanceType[], NextToken }),
        );
        for (const t of page.InstanceTypes ?? []) {
          facts.set(t.InstanceType ?? "", {
            recover: t.AutoRecoverySupported === true,
            store: t.InstanceStorageSupported === true,
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
    }
    return facts;
  };
  return {
    async find(selector) {
      let instances: Instance[];
      if (selector.kind === "ids") {
        instances = await byIds(selector.ids);
        const found = new Set(instances.map((i) => i.InstanceId));
        const missing = selector.ids.filter((id) => !found.has(id));
        if (missing.length) {
          throw new ActionError(
            `Instance ${missing.slice(0, 5).join(", ")}${
              missing.length > 5 ? ` and ${missing.length - 5} more` : ""
            } ` +
              `not found (or terminated) in this region: check the id and --region`,
          );
        }
      } else if (selector.kind === "tag") {
        instances = await describe([
          { Name: `tag:${selector.key}`, Values: [selector.value] },
          { Name: "instance-state-name", Values: ALIVE },
        ]);
      } else {
        instances = await describe([{ Name: "instance-state-name", Values: ["running"] }]);
      }
      const facts = await typeFacts(instances.map((i) => i.InstanceType ?? ""));
      return instances.map((i) => {
        const type = i.InstanceType ?? "";
        const f = facts.get(type);
        const name = i.Tags?.find((t) => t.Key === "Name")?.Value;
        return {
          id: i.InstanceId ?? "",
          instanceType: type,
          state: i.State?.Name ?? "",
          tenancy: i.Placement?.Tenancy ?? "default",
          autoRecoverySupported: f?.recover ?? false,
          instanceStore: f?.store ?? false,
          ...(name ? { name } : {}),
        };
      }).sort((a, b) => a.id.localeCompare(b.id));
    },
    async existing(ids) {
      return new Set((await byIds(ids)).map((i) => i.InstanceId ?? ""));
    },
  };
}
