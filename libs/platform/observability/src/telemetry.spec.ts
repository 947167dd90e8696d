import { telemetryConfigFromEnv } from './telemetry-config';
import { isProbeRequest } from './telemetry';

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
