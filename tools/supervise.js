// @ts-check
// `npm start`'s supervisor: like a cluster, it restarts a process that exits (with backoff, saying why)
// instead of stopping everything.
'use strict';
const { restartDelay } = require('./replicas');

/**
 * Keeps one process running: `start()` spawns it again whenever it exits, after `restartDelay`, until
 * `stop()` is called. `log` gets one line per exit, naming how it ended and when it comes back.
 * @param {{
 *   name: string,
 *   start: () => import('node:child_process').ChildProcess,
 *   log: (line: string) => void,
 * }} options
 */
function supervise({ name, start, log }) {
  let stopped = false;
  let crashesInARow = 0;
  /** @type {NodeJS.Timeout | undefined} */
  let pending;
  /** @type {import('node:child_process').ChildProcess} */
  let child;

  const launch = () => {
    pending = undefined;
    const startedAt = Date.now();
    child = start();
    child.once('exit', (code, signal) => {
      if (stopped) return;
      const upForMs = Date.now() - startedAt;
      const next = restartDelay(crashesInARow, upForMs);
      crashesInARow = next.crashesInARow;
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      log(
        `${name} (pid ${child.pid}) exited (${how}) after ${(upForMs / 1000).toFixed(1)} s; ` +
          `restarting in ${(next.delayMs / 1000).toFixed(1)} s (${crashesInARow} exit${crashesInARow === 1 ? '' : 's'} in a row)`,
      );
      pending = setTimeout(launch, next.delayMs);
    });
  };
  launch();

  return {
    /** The process running now (a new one after each restart). */
    get child() {
      return child;
    },
    /** Stops supervising and sends SIGTERM; resolves once the process has exited. */
    stop() {
      stopped = true;
      if (pending) clearTimeout(pending);
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
        child.once('exit', () => resolve(undefined));
        child.kill('SIGTERM');
      });
    },
  };
}

module.exports = { supervise };
