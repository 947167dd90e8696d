import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { collectProcessMetrics } from '@inlet/platform/metrics';
import { PinoNestLogger } from '@inlet/platform/observability';
import type { Logger } from 'pino';
import { refuseUnboundedJson } from './bounded-json';
import { PLATFORM_ERROR_STATUS, type ErrorStatusTable } from './api-error';
import { errorAnswer, JsonErrorFilter, translateBodyParserErrors } from './json-error.filter';
import { READINESS_CHECKS } from './readiness';
import type { ReadinessRegistry } from './readiness';

export type ServiceAppOptions = {
  /** The app's root module (a dynamic module is fine); it must import HealthModule.forRoot(). */
  module: Parameters<typeof NestFactory.create>[0];
  logger: Logger;
  /** Keep the exact request bytes on `req.rawBody` (signature checks). */
  rawBody?: boolean;
  /** false: no JSON/urlencoded parsing, for apps that read the body themselves. */
  bodyParser?: boolean;
  /** Limits for a public edge; without them, Node's defaults (300 s request timeout, 16 KiB of headers). */
  http?: HttpLimits;
  /**
   * The service's coded errors (ApiError) and the status each answers; the JSON error filter maps
   * with it. A code in no table is a bug: 500 `internal`, logged.
   */
  errorStatus?: ErrorStatusTable;
  /**
   * A route answered by a plain Node request listener before express and Nest see the request (no
   * routing, guards, interceptors or filters), for a hot path that needs none of them; every other
   * request goes on to the framework. Built once the app's providers exist. Only with `http`.
   */
  rawRoute?: (app: INestApplication) => RawRoute;
};

/** See {@link ServiceAppOptions.rawRoute}. */
export type RawRoute = {
  /** The route's pattern, for error logs (never the URL: it may carry a credential); the route makes its own span. */
  pattern: string;
  /**
   * Answers the request and resolves once it has; undefined when the request is not this route's,
   * so the framework takes it. A rejection is answered as the JSON error filter would.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined;
};

/** What a slow or greedy client may cost the HTTP server before it is cut off. */
export type HttpLimits = {
  /** To receive the request line and headers; then 408 and the connection closed. */
  headersTimeoutMs: number;
  /** To receive the whole request, body included; then 408 and the connection closed. */
  requestTimeoutMs: number;
  /** Request line plus headers, in bytes; over it 431. */
  maxHeaderBytes: number;
  /** Header fields in one request; over it 431. */
  maxHeaderCount: number;
};

export type RunServiceOptions = ServiceAppOptions & {
  name: string;
  port: number;
  host: string;
  /** How long the shutdown hooks get before the process exits with 1 anyway. */
  shutdownGraceMs: number;
  /** Flushed after the app has closed, so the last spans are exported. */
  telemetry?: { shutdown(): Promise<void> };
};

/**
 * The Nest app with the platform's edge applied (pino logging, JSON errors, body parsing) and
 * nothing process-wide: no listening, no signal handlers. runService uses it; so can tests.
 */
export async function createServiceApp(opts: ServiceAppOptions): Promise<NestExpressApplication> {
  if (opts.rawRoute && !opts.http) throw new Error('rawRoute: a route before the framework is for a public edge, with its http limits');
  const edge = opts.http ? new EdgeExpressAdapter(opts.http, opts.logger, opts.errorStatus ?? {}) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(opts.module, edge ?? new ExpressAdapter(), {
    logger: new PinoNestLogger(opts.logger),
    // Registered below instead, so parser errors can be translated before Nest sees them.
    bodyParser: false,
    rawBody: opts.rawBody ?? false,
    // Throw instead of process.abort() so a boot failure is logged like any other.
    abortOnError: false,
  });
  app.useGlobalFilters(new JsonErrorFilter(opts.logger, opts.errorStatus ?? {}));
  if (edge && opts.rawRoute) edge.rawRoute = opts.rawRoute(app);
  if (opts.bodyParser !== false) {
    // 1 MiB: the design's default body limit; express' own 100 kB would refuse large test events.
    // The input limits every service shares with the gateway. (Nest's `rawBody` replaces `verify`:
    // no service asks for it; one that does must check the bounds itself.)
    app.useBodyParser('json', { limit: '1mb', verify: refuseUnboundedJson });
    app.useBodyParser('urlencoded', { extended: true, limit: '1mb' });
    app.use(translateBodyParserErrors);
  }
  return app;
}


/**
 * Boots one service: exits 1 on a crash, drains on SIGTERM/SIGINT, listens, logs "listening".
 *
 * Shutdown: /ready turns 503 at once; `app.close()` runs the app's onModuleDestroy and
 * beforeApplicationShutdown hooks (stop consumers, flush producers) and then closes HTTP; then
 * telemetry is flushed and the process exits 0. If that takes longer than `shutdownGraceMs` it
 * exits 1. A readiness failure (ReadinessRegistry.fail) shuts down the same way, then exits 1.
 * Nest's own enableShutdownHooks() is not used: it would exit before telemetry is flushed.
 *
 * Rejects if the app cannot boot; left unhandled, that too logs and exits 1.
 */
export async function runService(opts: RunServiceOptions): Promise<INestApplication> {
  const logger = opts.logger;
  exitOnCrash(logger);
  collectProcessMetrics();

  const app = await createServiceApp(opts);
  const readiness = readinessOf(app, opts.name);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals | 'failure', exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    readiness.markShuttingDown();
    logger.info({ signal, graceMs: opts.shutdownGraceMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ graceMs: opts.shutdownGraceMs }, 'shutdown did not finish in time');
      process.exit(1);
    }, opts.shutdownGraceMs).unref();
    try {
      await app.close();
      await opts.telemetry?.shutdown();
      logger.info('stopped');
      process.exit(exitCode);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A dependency gone for good (a consumer kafkajs gave up on): drain as usual, then exit 1 so
  // that the supervisor restarts the service rather than let it idle on stale configuration.
  readiness.onFailure(({ check, reason }) => {
    logger.error({ check, reason }, `not ready for good (${check}): exiting so that the supervisor restarts the service`);
    void stop('failure', 1);
  });

  await app.listen(opts.port, opts.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.info({ port, host: opts.host }, 'listening');
  return app;
}

/**
 * Nest's express adapter on a server created with the limits: the header size and the interval at
 * which Node checks its header and request timeouts can only be set when the server is created
 * (Node's default interval, 30 s, would let a timeout run that much late). Its request listener
 * refuses too many header fields, then gives the raw route its requests, then express the rest.
 */
class EdgeExpressAdapter extends ExpressAdapter {
  rawRoute: RawRoute | undefined;
  private readonly statuses: ErrorStatusTable;

  constructor(
    private readonly limits: HttpLimits,
    private readonly log: Logger,
    statuses: ErrorStatusTable,
  ) {
    super();
    this.statuses = { ...PLATFORM_ERROR_STATUS, ...statuses };
  }

  override initHttpServer(): void {
    const { headersTimeoutMs, requestTimeoutMs, maxHeaderBytes, maxHeaderCount } = this.limits;
    const server = createServer(
      {
        headersTimeout: headersTimeoutMs,
        requestTimeout: requestTimeoutMs,
        maxHeaderSize: maxHeaderBytes,
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
      },
      (req, res) => this.dispatch(req, res),
    );
    // One over the limit, so a request with too many is seen (and refused) rather than truncated.
    server.maxHeadersCount = maxHeaderCount + 1;
    server.on('clientError', (err, socket) => answerClientError(err as NodeJS.ErrnoException, socket as Socket, this.limits));
    this.setHttpServer(server);
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    const max = this.limits.maxHeaderCount;
    // 431 for a request with more header fields than allowed, before any route sees it.
    if (req.rawHeaders.length / 2 > max) {
      writeJson(res, 431, { error: { code: 'too_many_headers', message: `headers: more than ${max} header fields` } }, { connection: 'close' });
      return;
    }
    const route = this.rawRoute;
    const answered = route?.handle(req, res);
    if (!route || !answered) {
      this.getInstance()(req, res);
      return;
    }
    answered.catch((err: unknown) => {
      const { status, body } = errorAnswer(err, this.statuses, this.log, { method: req.method, route: route.pattern });
      if (res.headersSent) res.end();
      else writeJson(res, status, body);
    });
  }
}

/** A JSON answer, as express' res.json() writes it, straight on Node's response. */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

/**
 * Errors Node raises before a request reaches the app (headers too large, a timeout, a malformed
 * request), answered in the JSON error shape instead of Node's bare status line, then closed.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket, limits: HttpLimits): void {
  // Node's own test: once anything was written, a second status line would corrupt the answer.
  if (err.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'headers_too_large', `headers: larger than ${limits.maxHeaderBytes} bytes`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', `The request was not received within the time allowed (headers ${limits.headersTimeoutMs} ms, whole request ${limits.requestTimeoutMs} ms).`]
        : [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error: { code, message } });
  // Destroyed once written: a client that never closes its side must not keep the socket.
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`, () => socket.destroy());
}

function readinessOf(app: INestApplication, name: string): ReadinessRegistry {
  try {
    return app.get<ReadinessRegistry>(READINESS_CHECKS, { strict: false });
  } catch {
    throw new Error(`${name}: the root module must import HealthModule.forRoot()`);
  }
}

/** A supervisor restarts the process and Kafka redelivers; limping on would be worse. */
function exitOnCrash(logger: Logger): void {
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
}
