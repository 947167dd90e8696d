import { ApiConfigSchema } from './config';

describe('the api configuration', () => {
  const base = { PORT: '0', KAFKA_BROKERS: '127.0.0.1:9092', MONGO_URL: 'mongodb://127.0.0.1:27017', INLET_API_KEY: 'k'.repeat(24), INLET_MASTER_KEY: 'a'.repeat(64) };

  it.each([
    ['a Jaeger trace page', 'http://localhost:16686/trace/{trace_id}', true],
    ['the id in a query', 'https://grafana.example/explore?traceId={trace_id}', true],
    ['no place for the trace id', 'http://localhost:16686/trace/', false],
    ['not a URL', 'jaeger/{trace_id}', false],
  ])('TRACE_UI_URL: %s', (_what, value, valid) => {
    expect(ApiConfigSchema.safeParse({ ...base, TRACE_UI_URL: value }).success).toBe(valid);
  });
});
