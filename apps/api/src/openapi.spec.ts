import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import pino from 'pino';
import { LogStatusSchema } from '@inlet/contracts';
import { ApiModule } from './api.module';
import { ApiConfigSchema } from './config';
import { buildOpenApiDocument } from './openapi';
import { renderDocsPage } from './shared/docs-page';

type Operation = {
  security?: unknown;
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

const doc = buildOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { enum?: string[]; description?: string }> };
};

const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

/** Every route the app's controllers declare, as `GET /v1/sources/{key}`, read from Nest's own metadata. */
function servedRoutes(): string[] {
  const config = ApiConfigSchema.parse({
    KAFKA_BROKERS: '127.0.0.1:1',
    MONGO_URL: 'mongodb://127.0.0.1:1',
    INLET_API_KEY: 'k'.repeat(32),
    INLET_MASTER_KEY: '0'.repeat(64),
  });
  const controllers: Type[] = [];
  const visit = (module: DynamicModule) => {
    controllers.push(...((module.controllers ?? []) as Type[]));
    for (const imported of module.imports ?? []) if (imported && 'module' in imported) visit(imported as DynamicModule);
  };
  visit(ApiModule.forRoot(config, pino({ enabled: false })));
  const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
  return controllers.flatMap((controller) => {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = controller.prototype[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined || name === 'constructor') return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      return [`${method} ${join(base, path).replace(/:(\w+)/g, '{$1}')}`];
    });
  });
}

describe('OpenAPI document', () => {
  it('documents every route the app serves, and no other', () => {
    const documented = operations.map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(documented.sort()).toEqual(servedRoutes().sort());
  });

  it('requires bearer auth on every /v1 operation, with its 401, and none elsewhere', () => {
    for (const { path, op } of operations) {
      const v1 = path.startsWith('/v1/');
      expect({ path, security: op.security }).toEqual({ path, security: v1 ? [{ bearerAuth: [] }] : [] });
      if (v1) expect({ path, has401: '401' in op.responses }).toEqual({ path, has401: true });
    }
  });

  it('answers every error with the shared error body', () => {
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => Number(s) >= 400 && s !== '503')) {
        expect({ path, method, status, schema: response.content?.['application/json']?.schema }).toEqual({ path, method, status, schema: { $ref: '#/components/schemas/Error' } });
      }
    }
  });

  it('generates request bodies from the zod schemas, required only when a field is', () => {
    const create = doc.paths['/v1/sources'].post.requestBody;
    expect(create?.required).toBe(true);
    expect(create?.content['application/json'].schema).toMatchObject({ type: 'object', required: ['key', 'name'], additionalProperties: false });
    expect(doc.paths['/v1/sources/{key}/environments/{env}/signing-keys'].post.requestBody?.required).toBe(false);
  });

  it('generates responses from the schemas the presenters build them with', () => {
    expect(doc.paths['/v1/sources/{key}'].get.responses['200'].content?.['application/json'].schema).toEqual({ $ref: '#/components/schemas/Source' });
    expect(doc.components.schemas.Log).toBeDefined();
    expect(doc.components.schemas.MappingWithWarnings).toBeDefined();
  });

  it('lists every log status with its meaning', () => {
    expect(doc.components.schemas.LogStatus.enum).toEqual(LogStatusSchema.options);
    for (const status of LogStatusSchema.options) expect(doc.components.schemas.LogStatus.description).toContain(`\`${status}\`: `);
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of new Set(refs)) expect({ ref, defined: ref in doc.components.schemas }).toEqual({ ref, defined: true });
  });

  it('renders a page that loads its scripts from this api only', () => {
    const html = renderDocsPage('Inlet management API');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^docs\//);
  });
});
