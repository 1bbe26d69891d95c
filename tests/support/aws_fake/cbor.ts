// Minimal CBOR (RFC 8949) for Smithy RPC v2 CBOR: enough to decode what the SDK sends and encode what it reads.

/** Encodes a value: objects become maps (undefined members left out), Dates become tag 1 epoch seconds. */
export function encodeCbor(value: unknown): Uint8Array<ArrayBuffer> {
  const out: number[] = [];
  write(out, value);
  return new Uint8Array(out);
}

function head(out: number[], major: number, n: number): void {
  const m = major << 5;
  if (n < 24) out.push(m | n);
  else if (n < 0x100) out.push(m | 24, n);
  else if (n < 0x10000) out.push(m | 25, n >> 8, n & 0xff);
  else if (n < 0x100000000) out.push(m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  else {
    const big = BigInt(n);
    out.push(m | 27);
    for (let i = 7; i >= 0; i--) out.push(Number((big >> BigInt(i * 8)) & 0xffn));
  }
}

function write(out: number[], value: unknown): void {
  if (value === null || value === undefined) {
    out.push(0xf6);
  } else if (value === true) {
    out.push(0xf5);
  } else if (value === false) {
    out.push(0xf4);
  } else if (typeof value === "number") {
    if (Number.isSafeInteger(value)) {
      if (value >= 0) head(out, 0, value);
      else head(out, 1, -1 - value);
    } else {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, value);
      out.push(0xfb, ...b);
    }
  } else if (typeof value === "string") {
    const b = new TextEncoder().encode(value);
    head(out, 3, b.length);
    out.push(...b);
  } else if (value instanceof Uint8Array) {
    head(out, 2, value.length);
    out.push(...value);
  } else if (value instanceof Date) {
    head(out, 6, 1);
    write(out, value.getTime() / 1000);
  } else if (Array.isArray(value)) {
    head(out, 4, value.length);
    for (const v of value) write(out, v);
  } else if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    head(out, 5, entries.length);
    for (const [k, v] of entries) {
      write(out, k);
      write(out, v);
    }
  } else {
    throw new TypeError(`Cannot encode ${typeof value} as CBOR`);
  }
}

/** Decodes one CBOR item (definite and indefinite lengths, half/single/double floats, tag 1 as a Date). */
export function decodeCbor(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const BREAK = Symbol("break");

  function length(info: number): number {
    if (info < 24) return info;
    if (info === 24) return view.getUint8(pos++);
    if (info === 25) return (pos += 2, view.getUint16(pos - 2));
    if (info === 26) return (pos += 4, view.getUint32(pos - 4));
    if (info === 27) return (pos += 8, Number(view.getBigUint64(pos - 8)));
    if (info === 31) return -1;
    throw new TypeError(`Bad CBOR length ${info}`);
  }

  function half(bits: number): number {
    const exp = (bits >> 10) & 0x1f;
    const frac = bits & 0x3ff;
    const sign = bits & 0x8000 ? -1 : 1;
    if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
    if (exp === 31) return frac ? NaN : sign * Infinity;
    return sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }

  function item(): unknown {
    const byte = view.getUint8(pos++);
    const major = byte >> 5;
    const info = byte & 0x1f;
    if (major === 7) {
      switch (info) {
        case 20:
          return false;
        case 21:
          return true;
        case 22:
        case 23:
          return null;
        case 25:
          return (pos += 2, half(view.getUint16(pos - 2)));
        case 26:
          return (pos += 4, view.getFloat32(pos - 4));
        case 27:
          return (pos += 8, view.getFloat64(pos - 8));
        case 31:
          return BREAK;
        default:
          throw new TypeError(`Unsupported CBOR simple value ${info}`);
      }
    }
    const n = length(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        const chunks: Uint8Array[] = [];
        if (n >= 0) {
          chunks.push(bytes.subarray(pos, pos + n));
          pos += n;
        } else {
          for (let c = item(); c !== BREAK; c = item()) {
            chunks.push(typeof c === "string" ? new TextEncoder().encode(c) : c as Uint8Array);
          }
        }
        const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
        let off = 0;
        for (const c of chunks) all.set(c, (off += c.length) - c.length);
        return major === 3 ? new TextDecoder().decode(all) : all;
      }
      case 4: {
        const list: unknown[] = [];
        if (n >= 0) { for (let i = 0; i < n; i++) list.push(item()); }
        else for (let v = item(); v !== BREAK; v = item()) list.push(v);
        return list;
      }
      case 5: {
        const map: Record<string, unknown> = {};
        if (n >= 0) {
          for (let i = 0; i < n; i++) map[String(item())] = item();
        } else {
          for (let k = item(); k !== BREAK; k = item()) map[String(k)] = item();
        }
        return map;
      }
      case 6: {
        const inner = item();
        return n === 1 && typeof inner === "number" ? new Date(inner * 1000) : inner;
      }
      default:
        throw new TypeError(`Bad CBOR major type ${major}`);
    }
  }

  return item();
}
