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
 * The headers without the stripped ones (names compared in any case). The `keep` headers stay
 * even when listed: the environment's signature header stays part of the logged request, and it is
 * redacted wherever it is shown instead.
 */
export function stripCredentialHeaders(headers: Readonly<Record<string, string>>, strip: readonly string[], keep: readonly string[] = []): Record<string, string> {
  const stripped = new Set(strip.map((name) => name.toLowerCase()));
  for (const name of keep) stripped.delete(name.toLowerCase());
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !stripped.has(name.toLowerCase())));
}
