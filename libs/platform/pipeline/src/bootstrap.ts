import type { DynamicModule } from '@nestjs/common';
import type { z } from 'zod';
import { ConfigError, loadConfig } from '@inlet/platform/config';
import { createLogger, type Logger } from '@inlet/platform/observability';
import { runService, type ErrorStatusTable, type HttpLimits, type ServiceAppOptions } from '@inlet/platform/service';

type ServiceConfig = { PORT: number; HOST: string; LOG_LEVEL: string; SHUTDOWN_GRACE_MS: number };

/**
 * Every service's main: configuration validated before anything boots (every bad key listed, then
 * exit 1), the JSON logger, then the Nest app under runService's lifecycle.
 */
export function bootstrap<S extends z.ZodType<ServiceConfig>>(opts: {
  name: string;
  schema: S;
  module: (config: z.infer<S>, logger: Logger) => DynamicModule;
  telemetry: { shutdown(): Promise<void> };
  bodyParser?: boolean;
  /** The HTTP server's limits, for a public edge (the gateway); Node's defaults without. */
  http?: (config: z.infer<S>) => HttpLimits;
  /** The service's coded errors and their statuses (the api's); see createServiceApp. */
  errorStatus?: ErrorStatusTable;
  /** A hot route answered before the framework (the gateway's intake); needs `http`. */
  rawRoute?: ServiceAppOptions['rawRoute'];
}): void {
  let config: z.infer<S>;
  try {
    config = loadConfig(opts.schema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${opts.name}: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ service: opts.name, level: config.LOG_LEVEL });
  void runService({
    name: opts.name,
    module: opts.module(config, logger),
    port: config.PORT,
    host: config.HOST,
    logger,
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    telemetry: opts.telemetry,
    bodyParser: opts.bodyParser,
    http: opts.http?.(config),
    errorStatus: opts.errorStatus,
    rawRoute: opts.rawRoute,
  });
}
