'use strict';
const { parseOptions } = require('./options');

describe('parseOptions', () => {
  it('defaults to 10,000 demo events after a 2,000-request warm-up over 64 connections, one source, no JSON', () => {
    const opts = parseOptions({}, []);
    expect(opts).toMatchObject({ mode: 'pipeline', event: 'demo', events: 10000, warmup: 2000, concurrency: 64, sources: 1, rate: null, duration: null, bodyBytes: 1024, json: null });
    expect(opts.gateway.origin).toBe('http://127.0.0.1:3000');
  });

  it('knows the ports the stack\'s Kafka and store listen on from their addresses', () => {
    expect(parseOptions({ KAFKA_BROKERS: 'localhost:19092,other:9093', MONGO_URL: 'mongodb://127.0.0.1:27018/?directConnection=true' }, [])).toMatchObject({ kafkaPort: 19092, storePort: 27018 });
    expect(parseOptions({ MONGO_URL: 'mongodb://db.example' }, [])).toMatchObject({ kafkaPort: 9092, storePort: 27017 });
  });

  it('offers rate × duration events for a fixed rate', () => {
    expect(parseOptions({ BENCH_RATE: '1000', BENCH_DURATION: '60' }, [])).toMatchObject({ rate: 1000, duration: 60, events: 60000 });
  });

  it('writes JSON where BENCH_JSON or --json says', () => {
    expect(parseOptions({ BENCH_JSON: 'out.json' }, []).json).toBe('out.json');
    expect(parseOptions({}, ['--json', 'b.json']).json).toBe('b.json');
    expect(parseOptions({}, ['--json']).json).toBe('bench-result.json');
  });

  it.each([
    [{ BENCH_RATE: '1000' }, 'bench_rate_needs_duration'],
    [{ BENCH_MODE: 'gateway', BENCH_RATE: '10', BENCH_DURATION: '5' }, 'bench_gateway_rate'],
    [{ BENCH_EVENTS: '1.5' }, 'bench_bad_number'],
    [{ BENCH_SOURCES: '0' }, 'bench_bad_number'],
    [{ BENCH_EVENT: 'other' }, 'bench_bad_choice'],
    [{ BENCH_MODE: 'edge' }, 'bench_bad_choice'],
    [{ GATEWAY_URL: 'not a url' }, 'bench_bad_url'],
  ])('refuses %o with code %s', (env, code) => {
    expect(() => parseOptions(env, [])).toThrow(expect.objectContaining({ code }));
  });
});
