import { Topics, type MessageOf, type TopicKey, type TopicSpec } from '@inlet/contracts';
import type { z } from 'zod';

// Values travel as UTF-8 JSON; a null value is a Kafka tombstone, never the text "null".

export type Encoded = { ok: true; bytes: string | null } | { ok: false; message: string };

export type Decoded<K extends TopicKey> =
  | { ok: true; value: MessageOf<K> }
  | { ok: false; code: 'invalid_json' | 'contract_violation'; message: string };

function schemaOf(key: TopicKey): z.ZodType {
  return (Topics[key] as TopicSpec).schema;
}

/** One line per issue, `path: message`, joined with '; ' so it fits a log field or a header. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Validates with the topic's schema and serialises what the schema produced (defaults applied, unknown keys dropped). */
export function encodeValue<K extends TopicKey>(key: K, value: MessageOf<K>): Encoded {
  const parsed = schemaOf(key).safeParse(value);
  if (!parsed.success) return { ok: false, message: formatIssues(parsed.error.issues) };
  return { ok: true, bytes: parsed.data === null ? null : JSON.stringify(parsed.data) };
}

export function decodeValue<K extends TopicKey>(key: K, bytes: Buffer | null): Decoded<K> {
  let json: unknown = null;
  if (bytes !== null) {
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      return { ok: false, code: 'invalid_json', message: `value is not valid JSON: ${(error as Error).message}` };
    }
  }
  const parsed = schemaOf(key).safeParse(json);
  if (!parsed.success) {
    const what = bytes === null ? 'tombstone (null value) not allowed' : formatIssues(parsed.error.issues);
    return { ok: false, code: 'contract_violation', message: `${Topics[key].name}: ${what}` };
  }
  return { ok: true, value: parsed.data as MessageOf<K> };
}

/** The envelope's `eventId`, for logs and spans, when the value has one. */
export function eventIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { eventId?: unknown }).eventId;
  return typeof id === 'string' ? id : undefined;
}

/** The envelope's own `messageId`, when the value has one. */
export function messageIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { messageId?: unknown }).messageId;
  return typeof id === 'string' ? id : undefined;
}
