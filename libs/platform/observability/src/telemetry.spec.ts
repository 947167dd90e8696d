import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { redactEndpointTokens } from './redact-endpoint-tokens';
import { telemetryConfigFromEnv } from './telemetry-config';
import { isProbeRequest, redactTokensInSpans } from './telemetry';

describe('telemetryConfigFromEnv', () => {
  it.each([
    [{}, false, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }, true, false],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, false, false],
  ])('with %j exports traces: %s, metrics: %s', (env, traces, metrics) => {
    expect(telemetryConfigFromEnv('gateway', env)).toMatchObject({ exportTraces: traces, exportMetrics: metrics });
  });

  it.each([
    [{}, 'gateway'],
    [{ OTEL_SERVICE_NAME: 'gateway-canary' }, 'gateway-canary'],
  ])('with %j names the service %s', (env, name) => {
    expect(telemetryConfigFromEnv('gateway', env).serviceName).toBe(name);
  });
});

describe('trace sampling', () => {
  const collector = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

  it.each([
    [{}, { kind: 'off' }],
    [{ OTEL_TRACES_SAMPLER: 'always_on' }, { kind: 'off' }],
    [collector, { kind: 'ratio', ratio: 1 }],
    [{ ...collector, OTEL_TRACES_SAMPLER_ARG: '0.25' }, { kind: 'ratio', ratio: 0.25 }],
    [{ ...collector, OTEL_TRACES_SAMPLER_ARG: '0' }, { kind: 'ratio', ratio: 0 }],
    [{ ...collector, OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, { kind: 'env' }],
  ])('with %j samples %j', (env, sampling) => {
    expect(telemetryConfigFromEnv('gateway', env).sampling).toEqual(sampling);
  });

  it.each(['1.5', '-0.1', 'half'])('refuses OTEL_TRACES_SAMPLER_ARG=%s, naming the variable', (arg) => {
    expect(() => telemetryConfigFromEnv('gateway', { ...collector, OTEL_TRACES_SAMPLER_ARG: arg })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});

describe('isProbeRequest', () => {
  it.each([
    ['/health', true],
    ['/ready', true],
    ['/ready?verbose=1', true],
    ['/i/abc123', false],
    ['/healthz', false],
    [undefined, false],
  ])('%s → %s', (url, expected) => {
    expect(isProbeRequest(url)).toBe(expected);
  });
});

describe('redactEndpointTokens', () => {
  it.each([
    ['/integrations/receive/3f9a0c', '/integrations/receive/[redacted]'],
    ['/integrations/receive/3f9a0c/batch', '/integrations/receive/[redacted]/batch'],
    ['http://127.0.0.1:3000/integrations/receive/3f9a0c?x=1', 'http://127.0.0.1:3000/integrations/receive/[redacted]?x=1'],
    ['Cannot POST /integrations/receive/3f9a0c/other', 'Cannot POST /integrations/receive/[redacted]/other'],
    ['POST /integrations/receive/:token', 'POST /integrations/receive/:token'],
    ['/v1/sources/tasks', '/v1/sources/tasks'],
  ])('%s → %s', (text, expected) => {
    expect(redactEndpointTokens(text)).toBe(expected);
  });
});

describe('redactTokensInSpans', () => {
  it('leaves no endpoint token in what is exported: name, attributes, events, status', () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [redactTokensInSpans, new SimpleSpanProcessor(exporter)] }).getTracer('spec');
    const url = 'http://127.0.0.1:3000/integrations/receive/tok_secret_1';

    const span = tracer.startSpan('POST /integrations/receive/tok_secret_1', { attributes: { 'url.full': url, 'http.target': '/integrations/receive/tok_secret_1', 'http.route': '/integrations/receive/:token', 'http.status_code': 202 } });
    span.recordException(new Error(`Cannot GET ${url}`));
    span.setStatus({ code: SpanStatusCode.ERROR, message: `failed at ${url}` });
    span.end();

    const [exported] = exporter.getFinishedSpans();
    expect(JSON.stringify({ name: exported.name, attributes: exported.attributes, events: exported.events, status: exported.status })).not.toContain('tok_secret_1');
    expect(exported.attributes).toMatchObject({ 'url.full': 'http://127.0.0.1:3000/integrations/receive/[redacted]', 'http.route': '/integrations/receive/:token', 'http.status_code': 202 });
    expect(exported.name).toBe('POST /integrations/receive/[redacted]');
  });
});
