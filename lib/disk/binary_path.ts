// Paths as "binary strings" (one char per byte, 0–255), so names that are not valid UTF-8 survive the scan
// exactly; and their display form, where each invalid byte is written as \xNN.

/**
 * The bytes `bytes[start..end)` as a binary string (char code = byte value).
 *
 * @example
 * ```ts
 * bytesToBinary(new Uint8Array([0x61, 0xff])); // "a\xff"
 * ```
 */
export function bytesToBinary(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * The bytes of a binary string.
 *
 * @example
 * ```ts
 * binaryToBytes("a\xff"); // Uint8Array [0x61, 0xff]
 * ```
 */
export function binaryToBytes(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const encoder = new TextEncoder();

/**
 * The binary string of a normal (UTF-16) string's UTF-8 bytes, e.g. a path typed by the user.
 *
 * @example
 * ```ts
 * utf8ToBinary("é"); // "\xc3\xa9"
 * ```
 */
export function utf8ToBinary(text: string): string {
  // ASCII fast path: most names are.
  // deno-lint-ignore no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return bytesToBinary(encoder.encode(text));
}

const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * The binary string as a normal string when its bytes are valid UTF-8, else `undefined`.
 *
 * @example
 * ```ts
 * binaryToUtf8("\xc3\xa9"); // "é"
 * ```
 */
export function binaryToUtf8(binary: string): string | undefined {
  // deno-lint-ignore no-control-regex
  if (/^[\x00-\x7f]*$/.test(binary)) return binary;
  try {
    return strict.decode(binaryToBytes(binary));
  } catch {
    return undefined;
  }
}

/**
 * How a binary path is shown to people and in JSON: valid UTF-8 as it is, each byte of an invalid sequence as
 * `\xNN` (like `ls -b`), so two different names never look the same.
 *
 * @example
 * ```ts
 * displayPath("bad\xffname"); // "bad\\xffname"
 * ```
 */
export function displayPath(binary: string): string {
  const whole = binaryToUtf8(binary);
  if (whole !== undefined) return whole;
  // Decode run by run: a valid multi-byte sequence is kept, a stray byte is escaped.
  const bytes = binaryToBytes(binary);
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let piece: string | undefined;
    if (len > 0 && i + len <= bytes.length) {
      try {
        piece = strict.decode(bytes.subarray(i, i + len));
      } catch {
        piece = undefined;
      }
    }
    if (piece === undefined) {
      out += `\\x${b.toString(16).padStart(2, "0")}`;
      i += 1;
    } else {
      out += piece;
      i += len;
    }
  }
  return out;
}
