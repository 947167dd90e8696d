import { ConfigError, loadConfig } from '@inlet/platform/config';
import { GatewayConfigSchema, httpLimitsOf } from './config';
import { DEFAULT_STRIPPED_HEADERS } from './strip-credential-headers';

const required = { KAFKA_BROKERS: '127.0.0.1:9092', INLET_MASTER_KEY: 'a'.repeat(64) };

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(GatewayConfigSchema, { ...required, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('GatewayConfigSchema', () => {
  it('limits slow and greedy senders by default', () => {
    const config = loadConfig(GatewayConfigSchema, required);

    expect(httpLimitsOf(config)).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxHeaderBytes: 16_384, maxHeaderCount: 100 });
    expect(config).toMatchObject({ GATEWAY_BODY_IDLE_TIMEOUT_MS: 5_000, GATEWAY_MAX_INFLIGHT_BYTES: 64 * 1024 * 1024, GATEWAY_STRIPPED_HEADERS: [...DEFAULT_STRIPPED_HEADERS] });
  });

  it.each([
    ['', [...DEFAULT_STRIPPED_HEADERS]],
    ['X-Api-Key, x-tenant-secret ,', ['x-api-key', 'x-tenant-secret']],
    ['-', []],
  ])('reads GATEWAY_STRIPPED_HEADERS=%j as %j', (value, expected) => {
    expect(loadConfig(GatewayConfigSchema, { ...required, GATEWAY_STRIPPED_HEADERS: value }).GATEWAY_STRIPPED_HEADERS).toEqual(expected);
  });

  it.each([
    [{ GATEWAY_HEADERS_TIMEOUT_MS: '20000', GATEWAY_REQUEST_TIMEOUT_MS: '10000' }, 'GATEWAY_HEADERS_TIMEOUT_MS: expected at most GATEWAY_REQUEST_TIMEOUT_MS'],
    [{ GATEWAY_MAX_INFLIGHT_BYTES: '1048576' }, `GATEWAY_MAX_INFLIGHT_BYTES: expected at least ${16 * 1024 * 1024}`],
    [{ GATEWAY_BODY_IDLE_TIMEOUT_MS: 'soon' }, 'GATEWAY_BODY_IDLE_TIMEOUT_MS: expected a number'],
  ])('refuses %j', (env, issue) => {
    expect(issuesOf(env)).toEqual([issue]);
  });
});
