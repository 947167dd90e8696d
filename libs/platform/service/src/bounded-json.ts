import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkJsonBounds, invalidUtf8Offset } from '@inlet/domain/normalize';

/** The `type` body-parser carries from a failed `verify` to the error translation. */
export const UNBOUNDED_BODY = 'entity.unbounded';

/**
 * body-parser's `verify` hook for JSON bodies: the raw bytes must be UTF-8 and within the input
 * limits the gateway enforces (`JSON_BOUNDS`), checked before body-parser parses them. Without it
 * a deeply nested body (a mapping's literal, a test event) reached the store or zod and came back
 * as a 500; now it is a 400 naming the limit and where.
 */
export function refuseUnboundedJson(_req: IncomingMessage, _res: ServerResponse, bytes: Buffer): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unbounded(`Request body is not valid UTF-8 (byte ${invalidUtf8Offset(bytes)} starts no valid sequence)`);
  }
  const bounded = checkJsonBounds(text);
  if (!bounded.ok) throw unbounded(`Request body ${bounded.problem} at ${bounded.path}`);
}

function unbounded(message: string): Error {
  return Object.assign(new Error(message), { status: 400, expose: true, type: UNBOUNDED_BODY });
}
