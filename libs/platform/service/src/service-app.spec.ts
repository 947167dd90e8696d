import { Body, Controller, Get, Inject, Module, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { createLogger } from '@inlet/platform/observability';
import { ApiError } from './api-error';
import { HealthModule } from './health.module';
import { READINESS_CHECKS, ReadinessRegistry } from './readiness';
import { createServiceApp } from './run-service';

const lines: Record<string, unknown>[] = [];
const logger = createLogger({ service: 'test', level: 'error' }, { write: (line: string) => void lines.push(JSON.parse(line)) });

let kafkaReady = false;

@Controller()
class TestController {
  constructor(@Inject(READINESS_CHECKS) readiness: ReadinessRegistry) {
    readiness.add({ name: 'kafka', isReady: async () => kafkaReady });
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }

  @Get('missing')
  missing(): never {
    throw new ApiError('source_not_found', 'No source for this token');
  }

  @Get('boom')
  boom(): never {
    throw new Error('connect ECONNREFUSED mongodb://admin:hunter2@db');
  }
}

@Module({
  imports: [HealthModule.forRoot([{ name: 'config', isReady: () => true }])],
  controllers: [TestController],
})
class TestModule {}

describe('a service app', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createServiceApp({ module: TestModule, logger, errorStatus: { source_not_found: 404 } });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: await response.json() };
  };
  const post = async (body: string) => {
    const response = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: await response.json() };
  };

  it('answers /health while it lives', async () => {
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers /ready with 503 while a check fails and 200 once it passes', async () => {
    kafkaReady = false;
    expect(await get('/ready')).toEqual({ status: 503, body: { status: 'not_ready', checks: { config: true, kafka: false } } });

    kafkaReady = true;
    expect(await get('/ready')).toEqual({ status: 200, body: { status: 'ready', checks: { config: true, kafka: true } } });
  });

  it('parses JSON bodies', async () => {
    expect(await post('{"event":"order.paid"}')).toEqual({ status: 201, body: { event: 'order.paid' } });
  });

  it('answers invalid JSON with 400 invalid_json', async () => {
    expect(await post('{"event":')).toEqual({
      status: 400,
      body: { error: { code: 'invalid_json', message: 'Request body is not valid JSON' } },
    });
  });

  it.each([
    ['nested deeper than 32 levels', `{"params":{"x":{"literal":${'['.repeat(30)}${']'.repeat(30)}}}}`, 'Request body is nested deeper than 32 levels at params.x.literal.0.0'],
    ['nested 100,000 levels', '['.repeat(100_000), 'Request body is nested deeper than 32 levels at 0.0.0'],
    ['holding a NUL in a key', '{"a\\u0000":1}', 'Request body has a key with a NUL character (\\u0000) at the top level'],
    ['with more than 1,000 keys in an object', JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]))), 'Request body has more than 1000 keys in one object at the top level'],
  ])('answers a body %s with 400 invalid_json naming the limit', async (_name, body, message) => {
    const response = await post(body);
    expect(response).toEqual({ status: 400, body: { error: { code: 'invalid_json', message: expect.stringContaining(message) } } });
  });

  it('answers a body that is not UTF-8 with 400 invalid_json naming the byte', async () => {
    const response = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]) });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: { error: { code: 'invalid_json', message: 'Request body is not valid UTF-8 (byte 6 starts no valid sequence)' } },
    });
  });

  it('answers a body over 1 MiB with 413 payload_too_large', async () => {
    const response = await post(JSON.stringify({ data: 'x'.repeat(1024 * 1024) }));

    expect(response).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('answers an ApiError with the status its code has in the module\'s table, and its body', async () => {
    expect(await get('/missing')).toEqual({
      status: 404,
      body: { error: { code: 'source_not_found', message: 'No source for this token' } },
    });
  });

  it('answers an unknown route with JSON', async () => {
    expect(await get('/nope')).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'Cannot GET /nope' } } });
  });

  it('answers an unexpected error with a bare 500 and logs it with its stack', async () => {
    lines.length = 0;
    const response = await fetch(`${base}/boom`);
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(text).not.toMatch(/hunter2|at /);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request failed', route: '/boom', err: expect.objectContaining({ stack: expect.stringContaining('ECONNREFUSED') }) }),
    ]);
  });

  // Last: it leaves the app shutting down.
  it('answers /ready with 503 once shutting down, even with every check passing', async () => {
    kafkaReady = true;
    app.get<ReadinessRegistry>(READINESS_CHECKS).markShuttingDown();

    expect(await get('/ready')).toMatchObject({ status: 503, body: { status: 'not_ready' } });
    expect(await get('/health')).toMatchObject({ status: 200 });
  });
});
