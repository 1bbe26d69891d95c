// deno task route-failover: switch every route of a VPC that targets a failed router's ENI to the standby's ENI.

import {
  ActionError,
  EXIT,
  formatTable,
  parseTaskArgs,
  printHelp,
  printJson,
  runMain,
  type TaskSpec,
  UsageError,
} from "../lib/cli/mod.ts";
import { applyRouteFailover } from "../lib/aws/apply_route_failover.ts";
import { awsActionError, createAwsContext } from "../lib/aws/aws_context.ts";
import { checkAccount, formatIdentity } from "../lib/aws/check_account.ts";
import { ec2Routes } from "../lib/aws/ec2_routes.ts";
import { planRouteFailover, type RouteChange } from "../lib/aws/plan_route_failover.ts";

export const spec = {
  name: "route-failover",
  summary: "switch every route of a VPC that targets one ENI to another, with ReplaceRoute, verified",
  description: `
Finds every route in the VPC's route tables whose target is the --from ENI and points it at the --to ENI with
ReplaceRoute (in place: never delete then create, which would leave a moment with no route), then reads the route
tables back to verify. Routes already on --to are left alone, so a second run does nothing.`,
  options: {
    vpc: { type: "string", value: "VPC", description: "the VPC id, vpc-…" },
    from: { type: "string", value: "ENI", description: "the failed router's network interface, eni-…" },
    to: { type: "string", value: "ENI", description: "the network interface to switch to, eni-…" },
    "dry-run": { type: "boolean", description: "print the plan, change nothing" },
    profile: {
      type: "string",
      value: "NAME",
      description: "AWS profile (default: AWS_PROFILE, else the default chain)",
    },
    region: { type: "string", value: "REGION", description: "AWS region (default: AWS_REGION or the profile's)" },
    "expect-account": {
      type: "string",
      value: "ID",
      description: "refuse to work unless the credentials belong to this 12-digit account",
    },
  },
  examples: ["deno task route-failover --vpc vpc-0abc --from eni-0aaa --to eni-0bbb --expect-account 123456789012"],
} as const satisfies TaskSpec;

/** Parses argv, plans, switches and verifies; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseTaskArgs(spec, args);
  if (values.help) return printHelp(spec);
  const vpc = required("--vpc", values.vpc, /^vpc-[0-9a-f]{8,17}$/, "vpc-0abc1234");
  const from = required("--from", values.from, /^eni-[0-9a-f]{8,17}$/, "eni-0abc1234");
  const to = required("--to", values.to, /^eni-[0-9a-f]{8,17}$/, "eni-0abc1234");
  if (from === to) {
    throw new UsageError(`--from and --to are both ${from}: give the failed ENI and the one to switch to`);
  }
  const account = values["expect-account"];
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    throw new UsageError(`Invalid --expect-account "${account}": give the 12-digit account id`);
  }
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region)) {
    throw new UsageError(`Invalid --region "${values.region}": use a region name like us-east-1`);
  }
  const aws = await createAwsContext({
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values.region ? { region: values.region } : {}),
  });
  const identity = await checkAccount(aws, account ? { expectAccount: account } : {});
  console.error(formatIdentity(identity));
  const api = ec2Routes(aws.ec2);
  const target = await api.networkInterface(to);
  if (!target) throw new ActionError(`--to ${to} does not exist in ${identity.region}: check the ENI id and --region`);
  if (target.vpcId !== vpc) {
    throw new ActionError(`--to ${to} is in ${target.vpcId}, not ${vpc}: a route can only target an ENI of its VPC`);
  }
  if (target.sourceDestCheck) {
    console.error(
      `warning: ${to} has source/destination check on, so it drops traffic it routes for others: turn it off with ` +
        `aws ec2 modify-network-interface-attribute --network-interface-id ${to} --no-source-dest-check`,
    );
  }
  const plan = planRouteFailover(await api.routeTables(vpc), { vpcId: vpc, from, to });
  const dryRun = values["dry-run"] ?? false;
  const result = dryRun || !plan.replace.length ? undefined : await applyRouteFailover(plan, api);
  const json = (c: RouteChange) => ({ route_table_id: c.routeTableId, destination: c.destination.value });
  if (values.json) {
    printJson({
      identity,
      dry_run: dryRun,
      vpc_id: vpc,
      from,
      to,
      replace: plan.replace.map(json),
      already: plan.already.map(json),
      replaced: result?.replaced.map(json) ?? [],
      verified: result?.verified ?? null,
    });
    return EXIT.ok;
  }
  const rows = [
    ["ROUTE TABLE", "DESTINATION", "CHANGE"],
    ...plan.replace.map((c) => [c.routeTableId, c.destination.value, `${from} → ${to}`]),
    ...plan.already.map((c) => [c.routeTableId, c.destination.value, `already on ${to}`]),
  ];
  if (rows.length > 1) console.log(formatTable(rows));
  if (!plan.replace.length) console.log(`nothing to do: no route of ${vpc} targets ${from}`);
  else if (dryRun) console.log(`dry run: ${plan.replace.length} route(s) would be switched, nothing changed`);
  else console.log(`switched ${result!.replaced.length} route(s) to ${to} and verified them with DescribeRouteTables`);
  return EXIT.ok;
}

function required(flag: string, value: string | undefined, pattern: RegExp, example: string): string {
  if (value === undefined) throw new UsageError(`Missing ${flag}: see deno task route-failover --help`);
  if (!pattern.test(value)) throw new UsageError(`Invalid ${flag} "${value}": use an id like ${example}`);
  return value;
}

if (import.meta.main) {
  runMain(spec.name, () => main(Deno.args).catch((error) => Promise.reject(awsActionError(error))));
}
