import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { DestinationStream } from 'pino';
import { createLogger } from './logger';

type Line = Record<string, unknown>;

function capture(): { lines: Line[]; stream: DestinationStream } {
  const lines: Line[] = [];
  return { lines, stream: { write: (chunk: string) => void lines.push(JSON.parse(chunk)) } };
}

describe('createLogger', () => {
  it('writes JSON with the service, a string level and the message', () => {
    const { lines, stream } = capture();

    createLogger({ service: 'gateway', level: 'info' }, stream).info({ eventId: 'evt_1' }, 'accepted');

    expect(lines).toEqual([
      expect.objectContaining({ service: 'gateway', level: 'info', msg: 'accepted', eventId: 'evt_1' }),
    ]);
  });

  it('drops lines below its level', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'gateway', level: 'warn' }, stream);

    logger.info('hidden');
    logger.warn('shown');

    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it.each([
    [{ headers: { authorization: 'Bearer sk_live' } }, { headers: { authorization: '[redacted]' } }],
    [{ headers: { 'x-knock-signature': 't=1,s=abc' } }, { headers: { 'x-knock-signature': '[redacted]' } }],
    [{ req: { headers: { authorization: 'Bearer sk_live' } } }, { req: { headers: { authorization: '[redacted]' } } }],
    [{ environment: { signingKey: 'whsec_1' } }, { environment: { signingKey: '[redacted]' } }],
    [{ key: { apiKey: 'sk_live' } }, { key: { apiKey: '[redacted]' } }],
    [{ user: { password: 'hunter2' } }, { user: { password: '[redacted]' } }],
    [{ client: { secret: 's3cr3t' } }, { client: { secret: '[redacted]' } }],
  ])('redacts %j', (fields, expected) => {
    const { lines, stream } = capture();

    createLogger({ service: 'api', level: 'info' }, stream).info(fields, 'request');

    expect(lines[0]).toMatchObject(expected);
    expect(JSON.stringify(lines[0])).not.toMatch(/sk_live|whsec_1|hunter2|s3cr3t|s=abc/);
  });

  it('keeps headers that are not secret', () => {
    const { lines, stream } = capture();

    createLogger({ service: 'api', level: 'info' }, stream).info({ headers: { 'content-type': 'application/json' } });

    expect(lines[0]).toMatchObject({ headers: { 'content-type': 'application/json' } });
  });

  describe('inside a span', () => {
    const contextManager = new AsyncLocalStorageContextManager();
    const tracer = new BasicTracerProvider().getTracer('logger-spec');

    beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
    afterAll(() => {
      contextManager.disable();
      context.disable();
    });

    it('stamps every line with the trace and span ids of the active span', async () => {
      const { lines, stream } = capture();
      const logger = createLogger({ service: 'verifier', level: 'info' }, stream);

      const ids = await tracer.startActiveSpan('handle', async (span) => {
        logger.info('before await');
        await new Promise((resolve) => setImmediate(resolve));
        logger.child({ eventId: 'evt_1' }).info('after await');
        span.end();
        return span.spanContext();
      });
      logger.info('outside');

      expect(lines).toEqual([
        expect.objectContaining({ msg: 'before await', trace_id: ids.traceId, span_id: ids.spanId }),
        expect.objectContaining({ msg: 'after await', trace_id: ids.traceId, span_id: ids.spanId, eventId: 'evt_1' }),
        expect.not.objectContaining({ trace_id: expect.anything() }),
      ]);
      expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    });

    it('leaves the ids out when the active span context is invalid', () => {
      const { lines, stream } = capture();
      const logger = createLogger({ service: 'verifier', level: 'info' }, stream);

      context.with(trace.setSpan(context.active(), trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })), () =>
        logger.info('noop span'),
      );

      expect(lines[0]).not.toHaveProperty('trace_id');
    });
  });
});
