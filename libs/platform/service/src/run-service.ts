import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PinoNestLogger } from '@inlet/platform/observability';
import type { Logger } from 'pino';
import { refuseUnboundedJson } from './bounded-json';
import { JsonErrorFilter, translateBodyParserErrors } from './json-error.filter';
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
  const app = await NestFactory.create<NestExpressApplication>(opts.module, {
    logger: new PinoNestLogger(opts.logger),
    // Registered below instead, so parser errors can be translated before Nest sees them.
    bodyParser: false,
    rawBody: opts.rawBody ?? false,
    // Throw instead of process.abort() so a boot failure is logged like any other.
    abortOnError: false,
  });
  app.useGlobalFilters(new JsonErrorFilter(opts.logger));
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
 * exits 1. Nest's own enableShutdownHooks() is not used: it would exit before telemetry is
 * flushed.
 *
 * Rejects if the app cannot boot; left unhandled, that too logs and exits 1.
 */
export async function runService(opts: RunServiceOptions): Promise<INestApplication> {
  const logger = opts.logger;
  exitOnCrash(logger);

  const app = await createServiceApp(opts);
  const readiness = readinessOf(app, opts.name);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
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
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await app.listen(opts.port, opts.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.info({ port, host: opts.host }, 'listening');
  return app;
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
