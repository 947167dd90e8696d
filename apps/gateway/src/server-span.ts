import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@inlet/gateway');

/**
 * Runs `answer` in the HTTP server span of a route the gateway answers itself, instead of the http
 * instrumentation's (telemetry's ownServerSpan): one span, its few attributes, and no per-request
 * wrapping of the request and response. A sender's `traceparent` is continued. The span carries the
 * URL path as the instrumentation's does; the SDK's redactTokensInSpans takes the token out of it.
 * Ends once the answer is sent, with its status (an error for 5xx or a rejection, as a server span).
 */
export async function inServerSpan(route: string, req: IncomingMessage, res: ServerResponse, answer: () => Promise<void>): Promise<void> {
  // From the root, not the active context: the http instrumentation suppresses tracing for the
  // requests it leaves to us.
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const span = tracer.startSpan(
    `${req.method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'http.route': route, 'url.path': query < 0 ? url : url.slice(0, query), 'url.scheme': 'http' },
    },
    parent,
  );
  try {
    await context.with(trace.setSpan(parent, span), answer);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.recordException(err as Error);
    throw err;
  } finally {
    if (res.headersSent) {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}
