import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

// The same test Nest's ConsoleLogger uses to tell `error(message, stack)` from `error(message, context)`.
const isStack = (value: unknown) => typeof value === 'string' && /^(.)+\n\s+at .+:\d+:\d+/.test(value);

/**
 * Writes Nest's own lines (bootstrap, routes, lifecycle errors) through pino as JSON, with Nest's
 * context in a `context` field. Nest's calling convention: `log(message, ...params, context?)`
 * and `error(message, stack?, context?)`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[], mayHaveStack = false): void {
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    if (mayHaveStack && rest.length === 1 && isStack(rest[0])) {
      fields.stack = rest.pop();
    } else {
      if (rest.length > 0 && typeof rest.at(-1) === 'string') fields.context = rest.pop();
      if (mayHaveStack && rest.length > 0 && (typeof rest.at(-1) === 'string' || rest.at(-1) === undefined)) {
        const stack = rest.pop();
        if (stack !== undefined) fields.stack = stack;
      }
    }
    if (rest.length > 0) fields.params = rest;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
