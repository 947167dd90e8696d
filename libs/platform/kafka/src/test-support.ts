import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MappingConfig, MessageOf, SourceEnvironmentConfig } from '@inlet/contracts';
import type { Kafka } from 'kafkajs';
import pino, { type Logger } from 'pino';
import { CatchUp } from './config-index';
import { headersToStrings } from './headers';

// Helpers of this library's integration tests (not exported): the broker address comes from the
// spec files, which own the environment.

export type LogLine = { level: number; msg: string; [field: string]: unknown };

/** A pino logger whose lines the test can read. */
export function testLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Isolates one test's topics and groups from every other test's. */
export function uniqueSuffix(): string {
  return `.t-${randomBytes(5).toString('hex')}`;
}

export function intake(eventId: string, sourceEnvironmentId = 'env_1'): MessageOf<'intakeReceived'> {
  const now = new Date().toISOString();
  return {
    messageId: randomUUID(),
    eventId,
    sourceEnvironmentId,
    sourceKey: 'stripe',
    environment: 'production',
    producedAt: now,
    payload: {
      receivedAt: now,
      contentType: 'application/json',
      headers: { 'content-type': 'application/json' },
      bodyBase64: Buffer.from(JSON.stringify({ type: 'user.created' })).toString('base64'),
      verification: 'none',
      sensitiveHeaders: [],
    },
  };
}

/** Polls `condition` until it holds: the tests wait for outcomes, never for a fixed time. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type RawRecord = { key: string | null; value: Buffer | null; headers: Record<string, string>; partition: number; offset: string };

/** Everything a topic holds right now, read with a plain kafkajs consumer up to the current high watermarks. */
export async function readTopic(kafka: Kafka, topic: string): Promise<RawRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const catchUp = new CatchUp(await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect()));
  const records: RawRecord[] = [];
  if (catchUp.done) return records;
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        records.push({
          key: message.key === null ? null : message.key.toString('utf8'),
          value: message.value,
          headers: headersToStrings(message.headers),
          partition,
          offset: message.offset,
        });
        catchUp.reached(partition, message.offset);
      },
    });
    await waitFor(`everything in ${topic}`, () => catchUp.done);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const hashA = 'a'.repeat(64);
export const hashB = 'b'.repeat(64);

/** A source environment config record, with the contract defaults. */
export function environment(id: string, tokenHash: string): SourceEnvironmentConfig {
  return {
    kind: 'source_environment',
    id,
    sourceKey: 'stripe',
    sourceType: 'custom',
    environment: 'production',
    endpointTokenHash: tokenHash,
    settings: { eventTypePath: 'type', timestampPath: null, maxBodyBytes: 1024 * 1024, verification: { enabled: false, header: 'X-Knock-Signature' }, idempotency: { enabled: false, keyPath: null, windowSeconds: 86_400 } },
    signingKeys: [],
  };
}

export function mapping(id: string, overrides: Partial<MappingConfig> = {}): MappingConfig {
  return {
    kind: 'mapping',
    id,
    sourceEnvironmentId: 'env_1',
    eventType: 'user.created',
    actionType: 'identify_user',
    params: { id: { path: 'data.id' } },
    active: true,
    ...overrides,
  };
}
