import { z } from 'zod';
import { OpenAPIRegistry, pathParams, registerRoute } from './openapi-registry';

/** Routes every service has (`/health`, `/ready`, `/metrics`), and the document's own: public, no API key. */
export function registerServiceRoutes(registry: OpenAPIRegistry): void {
  const tags = ['service'];
  registerRoute(registry, {
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    tags,
    public: true,
    responses: { 200: { description: 'The process serves HTTP.', schema: z.object({ status: z.literal('ok') }) } },
  });
  registerRoute(registry, {
    method: 'get',
    path: '/ready',
    summary: 'Readiness',
    tags,
    public: true,
    responses: {
      200: { description: 'Every check passes.', schema: z.record(z.string(), z.unknown()) },
      503: { description: 'A check fails or the service is shutting down.', schema: z.record(z.string(), z.unknown()) },
    },
  });
  registerRoute(registry, {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    description: 'The process and Node runtime metrics and the inlet_* series, in the Prometheus text format.',
    tags,
    public: true,
    responses: { 200: { description: 'Prometheus text exposition.', schema: z.string(), contentType: 'text/plain' } },
  });
  registerRoute(registry, {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    description: 'Generated at boot from the zod schemas that parse each request and build each answer.',
    tags,
    public: true,
    responses: { 200: { description: 'The OpenAPI document.', schema: z.record(z.string(), z.unknown()) } },
  });
  registerRoute(registry, {
    method: 'get',
    path: '/docs',
    summary: 'This document as an API reference page',
    description: 'Swagger UI, served from this api (no request leaves it).',
    tags,
    public: true,
    responses: { 200: { description: 'HTML.', schema: z.string(), contentType: 'text/html' } },
  });
  registerRoute(registry, {
    method: 'get',
    path: '/docs/{file}',
    summary: "The reference page's scripts and styles",
    tags,
    public: true,
    params: pathParams({ file: 'One of the files the page loads.' }),
    responses: { 200: { description: 'The file.', schema: z.string(), contentType: 'application/octet-stream' } },
    errors: ['not_found'],
  });
}
