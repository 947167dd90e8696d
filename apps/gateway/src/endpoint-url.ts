import type { IncomingMessage } from 'node:http';

// No imports beyond node: instrument.ts loads this before the SDK patches anything.

/** The endpoint URL of one source environment, as express would match it (any case, one optional trailing slash, any query). */
const RECEIVE = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]*)?\/integrations\/receive\/([^/?#]+)\/?(?:[?#].*)?$/i;

/**
 * The endpoint token of a `POST /integrations/receive/:token` URL, decoded; undefined for any other
 * URL (the batch route included) and for a token that does not decode, which the framework answers.
 */
export function endpointTokenOf(url: string | undefined): string | undefined {
  const encoded = RECEIVE.exec(url ?? '')?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** Whether the intake route (intakeRoute) answers this request: it makes its own server span. */
export function isIntakeRequest(req: Pick<IncomingMessage, 'method' | 'url'>): boolean {
  return req.method === 'POST' && endpointTokenOf(req.url) !== undefined;
}
