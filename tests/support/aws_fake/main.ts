// Runs the AWS fake by hand: `deno run -A tests/support/aws_fake/main.ts --port 4566`, then point a CLI at it.

import { parseArgs } from "node:util";
import { startAwsFake } from "./start_aws_fake.ts";

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      port: { type: "string", default: "4566" },
      account: { type: "string", default: "123456789012" },
      region: { type: "string", default: "us-east-1" },
      instances: { type: "string", default: "3" },
      "no-rate-limits": { type: "boolean", default: false },
    },
  });
  const fake = await startAwsFake({
    port: Number(values.port),
    accountId: values.account,
    region: values.region,
    ...(values["no-rate-limits"] ? { rateLimits: false as const } : {}),
  });
  const ids = Array.from(
    { length: Number(values.instances) },
    (_, i) =>
      fake.addInstance({ type: i % 3 === 2 ? "m5d.large" : "t3.micro", tags: { Name: `demo-${i + 1}`, Role: "web" } }),
  );
  console.log(
    `AWS fake listening on ${fake.url} (account ${fake.accountId}, ${fake.region}); instances: ${ids.join(" ")}`,
  );
  for (const [k, v] of Object.entries(fake.env())) console.log(`export ${k}=${v}`);
  Deno.addSignalListener("SIGINT", async () => {
    await fake.close();
    Deno.exit(0);
  });
}
