import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '../../..');

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * One service as its own process, started from the build (`npm run build`) exactly as `npm start`
 * runs it. Its JSON log lines are kept for assertions.
 */
export class ServiceProcess {
  readonly lines: string[] = [];
  private exit?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly app: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    let buffered = '';
    const collect = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      this.lines.push(...parts.filter((l) => l.length > 0));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(app: string, env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServiceProcess> {
    const port = Number(env.PORT);
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'src/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(app, port, child);
    let exited = false;
    void service.exit?.then(() => (exited = true));
    await waitFor(
      `${app} to be ready on port ${port}`,
      async () => {
        if (exited) throw new Error(`${app} exited during start:\n${service.lines.slice(-20).join('\n')}`);
        const res = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      readyTimeoutMs,
      200,
    ).catch((err: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${err.message}\n--- ${app} output ---\n${service.lines.slice(-30).join('\n')}`);
    });
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Sends a signal and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const result = await this.exit!;
    return result;
  }

  /** Log lines parsed as JSON (non-JSON lines are skipped). */
  jsonLines(): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }
}
