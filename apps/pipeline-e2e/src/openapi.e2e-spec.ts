import { LogStatusSchema } from '@inlet/contracts';
import { startStack, type Stack } from './stack';

jest.setTimeout(180_000);

type Operation = { security?: Record<string, unknown>[] };

/** The api describes itself: the OpenAPI document and its page, both without an API key. */
describe('OpenAPI document and /docs', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('openapi');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves an OpenAPI 3.1 document of the management API without auth', async () => {
    const res = await fetch(`${stack.services.api.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    for (const path of [
      '/v1/sources',
      '/v1/sources/{key}/environments/{env}',
      '/v1/sources/{key}/environments/{env}/signing-keys',
      '/v1/sources/{key}/environments/{env}/logs',
      '/v1/api-keys',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    const text = JSON.stringify(doc);
    for (const status of LogStatusSchema.options) expect(text).toContain(`"${status}"`);
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    for (const operation of Object.values(doc.paths['/v1/sources'])) expect(operation.security).toEqual([{ bearerAuth: [] }]);
  });

  it('serves /docs as a self-contained HTML page without auth', async () => {
    const res = await fetch(`${stack.services.api.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('/v1/sources');
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/i);
  });
});
