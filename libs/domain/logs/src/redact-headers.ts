/** Headers that carry credentials: never stored in a log as they arrived. */
const ALWAYS_SENSITIVE = ['authorization', 'cookie', 'proxy-authorization', 'x-knock-signature'];

/** A copy of the headers with credential values replaced, for storage and display. */
export function redactHeaders(headers: Readonly<Record<string, string>>, extraSensitive: readonly string[] = []): Record<string, string> {
  const sensitive = new Set([...ALWAYS_SENSITIVE, ...extraSensitive.map((h) => h.toLowerCase())]);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = sensitive.has(name.toLowerCase()) || /signature|secret|token/i.test(name) ? '[redacted]' : value;
  }
  return out;
}
