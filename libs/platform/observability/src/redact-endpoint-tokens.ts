/**
 * An endpoint token is the sender's only credential, and it travels in the URL path
 * (`/integrations/receive/{token}`, `.../{token}/batch`). Anything that records a URL (span names
 * and attributes, log lines) passes through this first. The route template (`:token`) is kept.
 */
const ENDPOINT_TOKEN = /(\/integrations\/receive\/)(?!:token\b)[^/?#\s"']+/g;

export const REDACTED_TOKEN = '[redacted]';

export function redactEndpointTokens(text: string): string {
  return text.replace(ENDPOINT_TOKEN, `$1${REDACTED_TOKEN}`);
}
