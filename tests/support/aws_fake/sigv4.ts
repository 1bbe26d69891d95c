// SigV4 checking: the fake can verify request signatures for access keys whose secret it knows.

const encoder = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(data: Uint8Array<ArrayBuffer> | string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
}

async function hmac(key: Uint8Array<ArrayBuffer>, text: string): Promise<Uint8Array<ArrayBuffer>> {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, encoder.encode(text)));
}

function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The parts of a SigV4 `Authorization` header. */
export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/ec2/aws4_request, SignedHeaders=…, Signature=…`. */
export function parseAuthorization(header: string | null): SigV4Authorization | undefined {
  const m = header
    ? /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/
      .exec(header.trim())
    : null;
  if (!m) return undefined;
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(";"),
    signature: m[6]!,
  };
}

/**
 * Whether the request's SigV4 signature matches the one computed with `secretAccessKey` (header-signed requests).
 *
 * @example
 * ```ts
 * const ok = await verifySignature(req, body, parseAuthorization(req.headers.get("authorization"))!, "secret");
 * ```
 */
export async function verifySignature(
  req: Request,
  body: Uint8Array<ArrayBuffer>,
  auth: SigV4Authorization,
  secretAccessKey: string,
): Promise<boolean> {
  const url = new URL(req.url);
  const path = url.pathname.split("/").map((seg) => uriEncode(decodeURIComponent(seg))).join("/") || "/";
  const query = [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const headers = auth.signedHeaders
    .map((h) => `${h}:${(req.headers.get(h) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const payloadHash = req.headers.get("x-amz-content-sha256") ?? await sha256Hex(body);
  const canonical = [req.method, path, query, headers, auth.signedHeaders.join(";"), payloadHash].join("\n");
  const amzDate = req.headers.get("x-amz-date") ?? "";
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, await sha256Hex(canonical)].join("\n");
  let key = await hmac(encoder.encode(`AWS4${secretAccessKey}`), auth.date);
  for (const part of [auth.region, auth.service, "aws4_request"]) key = await hmac(key, part);
  return hex((await hmac(key, toSign)).buffer) === auth.signature;
}
