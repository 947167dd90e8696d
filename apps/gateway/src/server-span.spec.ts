import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { redactTokensInSpans } from '@inlet/platform/observability/telemetry';
import { inServerSpan } from './server-span';

const ROUTE = '/integrations/receive/:token';
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [redactTokensInSpans, new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager().enable();
let server: Server;
let base: string;
/** The span active while each request was answered, as the publisher would see it. */
const active: (string | undefined)[] = [];

beforeAll(async () => {
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(contextManager);
  server = createServer((req, res) => {
    void inServerSpan(ROUTE, req, res, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      active.push(trace.getActiveSpan()?.spanContext().spanId);
      if (req.headers['x-fail']) throw new Error('no answer');
      res.writeHead(req.headers['x-status'] ? Number(req.headers['x-status']) : 202).end();
    }).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  trace.disable();
  propagation.disable();
  context.disable();
});

beforeEach(() => {
  exporter.reset();
  active.length = 0;
});

describe('inServerSpan', () => {
  it("continues the sender's traceparent, and the answer runs in the span", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const answer = await fetch(`${base}/integrations/receive/tok_secret_2?attempt=1`, { method: 'POST', headers: { traceparent: `00-${traceId}-${parentId}-01` } });
    expect(answer.status).toBe(202);

    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe(parentId);
    expect(active).toEqual([span.spanContext().spanId]);
    expect(span).toMatchObject({
      name: `POST ${ROUTE}`,
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'POST', 'http.route': ROUTE, 'url.path': '/integrations/receive/[redacted]', 'http.response.status_code': 202 },
      status: { code: SpanStatusCode.UNSET },
    });
    expect(JSON.stringify(span.attributes)).not.toContain('tok_secret_2');
  });

  it('starts a trace of its own without a traceparent', async () => {
    await fetch(`${base}/integrations/receive/tok`, { method: 'POST' });
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is an error for a 5xx answer, not for a 4xx', async () => {
    await fetch(`${base}/integrations/receive/tok`, { method: 'POST', headers: { 'x-status': '413' } });
    await fetch(`${base}/integrations/receive/tok`, { method: 'POST', headers: { 'x-status': '503' } });
    expect(exporter.getFinishedSpans().map((s) => [s.attributes['http.response.status_code'], s.status.code])).toEqual([
      [413, SpanStatusCode.UNSET],
      [503, SpanStatusCode.ERROR],
    ]);
  });

  it('records a rejection as an error before it is answered', async () => {
    const answer = await fetch(`${base}/integrations/receive/tok`, { method: 'POST', headers: { 'x-fail': '1' } });
    expect(answer.status).toBe(500);
    const [span] = exporter.getFinishedSpans();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });
});
