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

  it('serves /docs as an API reference page whose every file comes from the api itself', async () => {
    const res = await fetch(`${stack.services.api.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    // The page may fetch nothing from another origin: many users run Inlet without internet access.
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(files).toEqual(expect.arrayContaining(['docs/swagger-ui-bundle.js', 'docs/swagger-ui.css', 'docs/docs-init.js']));
    for (const file of files) {
      const asset = await fetch(new URL(file, `${stack.services.api.url}/docs`));
      expect({ file, status: asset.status }).toEqual({ file, status: 200 });
      if (file.endsWith('docs-init.js')) {
        const script = await asset.text();
        expect(script).toContain("'openapi.json'");
        expect(script).toContain('validatorUrl: null');
      } else await asset.arrayBuffer();
    }
    expect((await fetch(`${stack.services.api.url}/docs/package.json`)).status).toBe(404);
  });
});
