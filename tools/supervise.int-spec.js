'use strict';
// npm start's supervisor against real processes: one killed with -9 is started again.
const { spawn } = require('node:child_process');
const { waitFor } = require('../libs/testing/src/wait-for');
const { supervise } = require('./supervise');

describe('supervise', () => {
  it('restarts a process killed with -9, saying how it ended, and stops it for good on stop()', async () => {
    /** @type {string[]} */
    const lines = [];
    const supervised = supervise({
      name: 'sleeper',
      start: () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }),
      log: (line) => lines.push(line),
    });
    try {
      const first = supervised.child;
      await waitFor('the first process to run', () => (first.pid ? true : undefined));
      process.kill(Number(first.pid), 'SIGKILL');

      const second = await waitFor('a new process', () => (supervised.child !== first && supervised.child.pid ? supervised.child : undefined), 10_000);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^sleeper \\(pid ${first.pid}\\) exited \\(killed by SIGKILL\\) after .* s; restarting in 0\\.5 s \\(1 exit in a row\\)$`))]);
      expect(second.exitCode).toBeNull();
    } finally {
      await supervised.stop();
    }
    const last = supervised.child;
    expect(last.signalCode).toBe('SIGTERM');
    // Stopped means stopped: no restart follows.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(supervised.child).toBe(last);
  });
});
