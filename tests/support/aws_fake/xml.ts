// Tiny XML writing helpers for the query/XML protocols (EC2, STS, CloudWatch query mode).

/** Escapes text for an XML element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

/** One element; `undefined` content leaves the element out, as AWS omits absent members. */
export function el(tag: string, content: string | number | boolean | undefined | null): string {
  if (content === undefined || content === null) return "";
  const inner = typeof content === "string" && content.startsWith("<") ? content : escapeXml(String(content));
  return `<${tag}>${inner}</${tag}>`;
}

/** Raw child XML wrapped in a tag (content is already XML). */
export function wrap(tag: string, xml: string): string {
  return `<${tag}>${xml}</${tag}>`;
}

/** A list in EC2 style: `<tag><item>…</item>…</tag>`. */
export function itemSet<T>(tag: string, list: readonly T[], render: (item: T) => string): string {
  return `<${tag}>${list.map((x) => `<item>${render(x)}</item>`).join("")}</${tag}>`;
}

/** A list in awsQuery style: `<tag><member>…</member>…</tag>`. */
export function memberList<T>(tag: string, list: readonly T[], render: (item: T) => string): string {
  return `<${tag}>${list.map((x) => `<member>${render(x)}</member>`).join("")}</${tag}>`;
}
