import { LogStatusSchema } from '@inlet/contracts';
import { renderDocsPage } from './shared/docs-page';
import { buildOpenApiDocument } from './openapi';

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { security?: unknown; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>; components: { schemas: Record<string, { enum?: string[] }> } };

  it('requires bearer auth on every /v1 operation and generates bodies from the zod schemas', () => {
    for (const [path, item] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/v1/'))) {
      for (const op of Object.values(item)) expect({ path, security: op.security }).toEqual({ path, security: [{ bearerAuth: [] }] });
    }
    const body = doc.paths['/v1/sources'].post.requestBody?.content['application/json'].schema;
    expect(body).toMatchObject({ type: 'object', required: ['key', 'name'], additionalProperties: false });
    expect(body).not.toHaveProperty('$schema');
  });

  it('lists every log status', () => {
    expect(doc.components.schemas.LogStatus.enum).toEqual(LogStatusSchema.options);
  });

  it('renders a page without scripts', () => {
    const html = renderDocsPage(doc);
    expect(html).toContain('/v1/sources/{key}/environments/{env}/logs');
    expect(html).not.toContain('<script');
  });
});
