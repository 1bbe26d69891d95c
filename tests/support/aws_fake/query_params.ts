// Reading awsQuery/ec2Query form parameters: flat `Name.N` lists, `Filter.N.Name`/`Filter.N.Value.M`.

/** A form-encoded request body as a flat map. */
export type QueryParams = Record<string, string>;

/** Parses an `application/x-www-form-urlencoded` body. */
export function parseQueryBody(body: string): QueryParams {
  const params: QueryParams = {};
  for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  return params;
}

/** The values of `prefix.1`, `prefix.2` … in index order (pass `Name.member` for awsQuery lists). */
export function listParam(params: QueryParams, prefix: string): string[] {
  const re = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)$`);
  return Object.entries(params)
    .flatMap(([k, v]) => {
      const m = re.exec(k);
      return m ? [[Number(m[1]), v] as const] : [];
    })
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v);
}

/** One EC2 filter: a name and its accepted values. */
export interface QueryFilter {
  name: string;
  values: string[];
}

/** The `Filter.N.Name` / `Filter.N.Value.M` filters of an EC2 request. */
export function filterParams(params: QueryParams): QueryFilter[] {
  const indexes = new Set<number>();
  for (const k of Object.keys(params)) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes].sort((a, b) => a - b).map((i) => ({
    name: params[`Filter.${i}.Name`]!,
    values: listParam(params, `Filter.${i}.Value`),
  }));
}

/** Structured view of awsQuery members (`A.member.1.B`) as nested objects and arrays, for CloudWatch query mode. */
export function queryToObject(params: QueryParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === "Action" || key === "Version") continue;
    const parts = key.split(".");
    // deno-lint-ignore no-explicit-any
    let node: any = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (part === "member" || part === "entry") continue;
      const isIndex = /^\d+$/.test(part);
      const key2: string | number = isIndex ? Number(part) - 1 : part;
      if (last) {
        node[key2] = value;
      } else {
        const next = parts[i + 1] === "member" || parts[i + 1] === "entry" || /^\d+$/.test(parts[i + 1]!);
        if (node[key2] === undefined) node[key2] = next ? [] : {};
        node = node[key2];
      }
    }
  }
  return root;
}
