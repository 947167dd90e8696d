import type { IncomingHttpHeaders } from 'node:http';

/**
 * Credential headers a sender may attach out of habit (its own API key, a session cookie) that
 * Inlet has no use for: removed before a request is published or logged. Configurable with
 * GATEWAY_STRIPPED_HEADERS.
 */
export const DEFAULT_STRIPPED_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'x-csrf-token',
  'x-xsrf-token',
] as const;

/**
 * The request's headers as the gateway keeps them: one string each (a repeated header's values
 * joined with ", "), without the stripped ones. Built once from the configured list; the `keep`
 * header stays even when listed: the environment's signature header stays part of the logged
 * request, and it is redacted wherever it is shown instead. Names are compared lower-cased (Node
 * gives request header names lower-cased).
 */
export function credentialStripper(strip: readonly string[]): (headers: IncomingHttpHeaders, keep: string) => Record<string, string> {
  const stripped = new Set(strip.map((name) => name.toLowerCase()));
  return (headers, keep) => {
    const kept = keep.toLowerCase();
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || (stripped.has(name) && name !== kept)) continue;
      out[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out;
  };
}
