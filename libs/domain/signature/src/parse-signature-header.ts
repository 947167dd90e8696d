/** What a signature header holds once read; values are lower-case 64-character hex. */
export type SignatureHeader =
  | { kind: 'missing'; empty: boolean }
  | { kind: 'malformed'; count: number }
  | { kind: 'signatures'; values: string[] };

const HEX_64 = /^[0-9a-fA-F]{64}$/;

/**
 * Reads the signature header from lower-case-named headers. Node joins a repeated header with ', ',
 * so the value is split on commas: a proxy that adds or repeats the header must not lock a correct
 * sender out, and a forged element cannot verify without the key. Empty elements are dropped; a
 * header left with no element counts as missing. Elements that are not 64 hex characters are
 * skipped, and a header with no well-formed element is malformed.
 */
export function parseSignatureHeader(headers: Readonly<Record<string, string>>, name: string): SignatureHeader {
  const key = name.toLowerCase();
  const raw: unknown = Object.hasOwn(headers, key) ? headers[key] : undefined;
  if (typeof raw !== 'string') return { kind: 'missing', empty: false };
  const elements = raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (elements.length === 0) return { kind: 'missing', empty: true };
  const values = elements.filter((e) => HEX_64.test(e)).map((e) => e.toLowerCase());
  if (values.length === 0) return { kind: 'malformed', count: elements.length };
  return { kind: 'signatures', values };
}
