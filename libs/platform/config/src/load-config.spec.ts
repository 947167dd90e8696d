import { z } from 'zod';
import { KafkaEnv, MongoEnv, ServiceEnv } from './env.schema';
import { ConfigError, loadConfig } from './load-config';

const Schema = z.object({ ...ServiceEnv, ...KafkaEnv, ...MongoEnv });
const valid = { PORT: '8080', KAFKA_BROKERS: '127.0.0.1:9092', MONGO_URL: 'mongodb://127.0.0.1:27017' };

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(Schema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('lists every bad key at once', () => {
    const error = errorOf({ PORT: 'eighty', LOG_LEVEL: 'loud' });

    expect(error.issues).toEqual([
      'PORT: expected a number',
      'LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      'KAFKA_BROKERS: required',
      'MONGO_URL: required',
    ]);
    expect(error.message).toBe(`Invalid configuration:\n- ${error.issues.join('\n- ')}`);
  });

  it('names a bad secret without echoing its value', () => {
    const error = errorOf({ ...valid, MONGO_URL: 'postgres://admin:hunter2@db' });

    expect(error.issues).toEqual(['MONGO_URL: expected a mongodb:// or mongodb+srv:// URL']);
    expect(error.message).not.toContain('hunter2');
  });

  it('applies the defaults', () => {
    expect(loadConfig(Schema, valid)).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: 10_000,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_SUFFIX: '',
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      MONGO_DB: 'inlet',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(Schema, { ...valid, SHUTDOWN_GRACE_MS: '', MONGO_DB: '' })).toMatchObject({
      SHUTDOWN_GRACE_MS: 10_000,
      MONGO_DB: 'inlet',
    });
    expect(errorOf({ ...valid, PORT: '' }).issues).toEqual(['PORT: required']);
  });

  it.each([
    ['a:9092', ['a:9092']],
    ['a:9092,b:9092', ['a:9092', 'b:9092']],
    [' a:9092 , b:9092 ,', ['a:9092', 'b:9092']],
  ])('splits KAFKA_BROKERS=%j into %j', (brokers, expected) => {
    expect(loadConfig(Schema, { ...valid, KAFKA_BROKERS: brokers }).KAFKA_BROKERS).toEqual(expected);
  });

  it.each([
    [{ KAFKA_BROKERS: ' , ' }, 'KAFKA_BROKERS: expected a comma-separated list of host:port brokers'],
    [{ PORT: '80.5' }, 'PORT: expected an integer'],
    [{ PORT: '70000' }, 'PORT: expected at most 65535'],
    [{ SHUTDOWN_GRACE_MS: '-1' }, 'SHUTDOWN_GRACE_MS: expected at least 0'],
  ])('rejects %j', (override, issue) => {
    expect(errorOf({ ...valid, ...override }).issues).toEqual([issue]);
  });

  it('reads process.env when no environment is given', () => {
    const Only = z.object({ PATH: z.string() });

    expect(loadConfig(Only).PATH).toBe(process.env.PATH);
  });
});
