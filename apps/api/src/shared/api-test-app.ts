import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { createKafka, ensureTopics } from '@inlet/platform/kafka';
import { createLogger } from '@inlet/platform/observability';
import { MONGO } from '@inlet/platform/pipeline';
import { createServiceApp } from '@inlet/platform/service';
import { testInfrastructure, testNamespace } from '@inlet/testing';
import { ApiModule } from '../api.module';
import { ApiConfigSchema } from '../config';
import { ApiErrorSchema } from './response-fields.schema';
import { API_ERROR_STATUS } from './api-errors';

/** For integration tests: the api module in this process, against the real broker and store of the run, in a namespace of its own. */

export type Answer = { status: number; body: unknown };

export class ApiTestApp {
  private constructor(
    readonly app: NestExpressApplication,
    readonly url: string,
    readonly apiKey: string,
  ) {}

  /** The api with its defaults, plus `env` (settings a test needs, e.g. TRACE_UI_URL). */
  static async start(name: string, env: Record<string, string> = {}): Promise<ApiTestApp> {
    const ns = testNamespace(name);
    const { kafkaBrokers, mongoUrl } = testInfrastructure();
    const logger = createLogger({ service: `api-int-${name}`, level: 'error' });
    await ensureTopics(createKafka({ brokers: kafkaBrokers, clientId: `api-int-${name}`, logger }), ns.topicSuffix);
    const apiKey = randomBytes(24).toString('hex');
    const config = ApiConfigSchema.parse({
      PORT: '0',
      KAFKA_BROKERS: kafkaBrokers.join(','),
      KAFKA_TOPIC_SUFFIX: ns.topicSuffix,
      MONGO_URL: mongoUrl,
      MONGO_DB: ns.dbName,
      INLET_API_KEY: apiKey,
      INLET_MASTER_KEY: randomBytes(32).toString('hex'),
      ...env,
    });
    const app = await createServiceApp({ module: ApiModule.forRoot(config, logger), logger, errorStatus: API_ERROR_STATUS });
    await app.listen(0, '127.0.0.1');
    return new ApiTestApp(app, `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`, apiKey);
  }

  /** The store the api writes, for seeding what other services would have written (logs, directory). */
  get connection(): Connection {
    return this.app.get<Connection>(MONGO);
  }

  async call(method: string, path: string, body?: unknown, apiKey = this.apiKey): Promise<Answer> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /**
   * A successful answer, checked against the schema the OpenAPI document shows for it: it must
   * parse, and parsing must drop nothing (a field the schema does not name would be undocumented).
   */
  async ok<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown, status = 200): Promise<z.infer<S>> {
    const answer = await this.call(method, path, body);
    expect({ method, path, status: answer.status, body: answer.body }).toEqual({ method, path, status, body: expect.anything() });
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) throw new Error(`${method} ${path}: the answer breaks its schema: ${parsed.error.message}\n${JSON.stringify(answer.body)}`);
    expect(parsed.data).toEqual(answer.body);
    return parsed.data;
  }

  /** An error answer: its status, code, and a message containing `mentions` (the field it names). */
  async fails(method: string, path: string, body: unknown, status: number, code: string, mentions?: string): Promise<void> {
    const answer = await this.call(method, path, body);
    expect(ApiErrorSchema.safeParse(answer.body).success).toBe(true);
    expect({ method, path, status: answer.status, code: (answer.body as z.infer<typeof ApiErrorSchema>).error.code }).toEqual({ method, path, status, code });
    if (mentions) expect((answer.body as z.infer<typeof ApiErrorSchema>).error.message).toContain(mentions);
  }

  stop(): Promise<void> {
    return this.app.close();
  }
}
