import type { DestinationStream } from 'pino';
import { createLogger } from './logger';
import { PinoNestLogger } from './pino-nest-logger';

const stack = 'Error: boom\n    at Object.<anonymous> (/app/main.js:1:7)';

function nestLogger(): { lines: Record<string, unknown>[]; logger: PinoNestLogger } {
  const lines: Record<string, unknown>[] = [];
  const stream: DestinationStream = { write: (chunk: string) => void lines.push(JSON.parse(chunk)) };
  return { lines, logger: new PinoNestLogger(createLogger({ service: 'api', level: 'trace' }, stream)) };
}

describe('PinoNestLogger', () => {
  it.each([
    ['log', ['Mapped {/health, GET} route', 'RouterExplorer'], { level: 'info', msg: 'Mapped {/health, GET} route', context: 'RouterExplorer' }],
    ['warn', ['slow', 'Kafka'], { level: 'warn', msg: 'slow', context: 'Kafka' }],
    ['debug', ['detail'], { level: 'debug', msg: 'detail' }],
    ['verbose', ['chatter', 'Ctx'], { level: 'trace', msg: 'chatter', context: 'Ctx' }],
    ['fatal', ['dying', 'Ctx'], { level: 'fatal', msg: 'dying', context: 'Ctx' }],
    ['error', ['failed', stack, 'ExceptionsHandler'], { level: 'error', msg: 'failed', stack, context: 'ExceptionsHandler' }],
    ['error', ['failed', stack], { level: 'error', msg: 'failed', stack }],
    ['error', ['failed', 'InstanceLoader'], { level: 'error', msg: 'failed', context: 'InstanceLoader' }],
    ['log', [{ port: 3000 }, 'Main'], { level: 'info', port: 3000, context: 'Main' }],
  ] as const)('maps %s(%j)', (method, args, expected) => {
    const { lines, logger } = nestLogger();

    (logger[method] as (...a: unknown[]) => void)(...args);

    expect(lines).toEqual([expect.objectContaining(expected)]);
  });

  it('logs an Error message with its stack under err', () => {
    const { lines, logger } = nestLogger();

    logger.error(new Error('boom'), 'Bootstrap');

    expect(lines[0]).toMatchObject({ msg: 'boom', context: 'Bootstrap', err: { type: 'Error', message: 'boom' } });
    expect((lines[0].err as { stack: string }).stack).toContain('Error: boom');
  });
});
