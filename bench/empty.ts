// An empty script: the start-up baseline of `deno run` (see bench/README.md).
