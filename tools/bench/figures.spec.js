'use strict';
const { backlogTrend, costRows, cpuMsAt, cpuTicksOf, idleRateOf, perEvent, percentile, stackTotal, storeCounters } = require('./figures');

describe('cpuTicksOf', () => {
  it('adds utime and stime, counting fields after a command name with spaces and parentheses', () => {
    const stat = '4242 (node (my) app) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 567 0 0 20 0 11 0 100 1000 200';
    expect(cpuTicksOf(stat)).toBe(1234 + 567);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => cpuTicksOf('hello')).toThrow('not a /proc/<pid>/stat line');
  });
});

describe('idleRateOf', () => {
  /** Samples every 250 ms over `seconds`, using `msPerS(second)` of CPU in each second. */
  const sampled = (seconds, msPerS) => {
    const samples = [{ t: 0, ms: 0 }];
    for (let i = 1; i <= seconds * 4; i++) samples.push({ t: i * 250, ms: samples[i - 1].ms + msPerS(Math.floor((i - 1) / 4)) / 4 });
    return samples;
  };

  it('is the steady rate of a process that works evenly', () => {
    expect(idleRateOf(sampled(5, () => 20))).toBeCloseTo(20);
  });

  it('leaves out a burst inside the sample, which the mean over it would have counted five times over', () => {
    // 20 ms/s, but a compaction burst of 500 ms/s for one second: the mean is 116 ms/s.
    const samples = sampled(5, (second) => (second === 2 ? 500 : 20));
    expect(idleRateOf(samples)).toBeCloseTo(20);
    expect(((samples[samples.length - 1].ms - samples[0].ms) * 1000) / samples[samples.length - 1].t).toBeCloseTo(116);
  });

  it('is the mean over a sample shorter than one window, and unknown without two samples', () => {
    expect(idleRateOf([{ t: 0, ms: 0 }, { t: 500, ms: 10 }])).toBeCloseTo(20);
    expect(idleRateOf([{ t: 0, ms: 0 }])).toBeNaN();
  });
});

describe('cpuMsAt', () => {
  const samples = [
    { t: 1000, ms: 10 },
    { t: 2000, ms: 30 },
    { t: 3000, ms: 30 },
  ];

  it('interpolates between the samples around the time', () => {
    expect(cpuMsAt(samples, 1500)).toBe(20);
    expect(cpuMsAt(samples, 2000)).toBe(30);
  });

  it('holds the first or last sample outside them', () => {
    expect(cpuMsAt(samples, 0)).toBe(10);
    expect(cpuMsAt(samples, 9000)).toBe(30);
  });
});

describe('costRows and stackTotal', () => {
  const window = { from: 0, to: 10_000 };
  const line = (/** @type {number} */ msAtEnd) => [
    { t: 0, ms: 0 },
    { t: 10_000, ms: msAtEnd },
  ];
  const rows = costRows(
    [
      { name: 'gateway', kind: 'service', samples: line(2000), idleMsPerS: 10 },
      { name: 'kafka', kind: 'kafka', samples: line(1000), idleMsPerS: 50 },
      { name: 'store (MongoServerMain)', kind: 'store', samples: line(600), idleMsPerS: 0 },
      { name: 'load generator (this bench)', kind: 'load', samples: line(5000), idleMsPerS: 0 },
    ],
    window,
    1000,
  );

  it('takes each process idle rate over the window off its CPU, per event', () => {
    expect(rows.map((r) => [r.name, r.netMs, r.perEventMs])).toEqual([
      ['gateway', 1900, 1.9],
      ['kafka', 500, 0.5],
      ['store (MongoServerMain)', 600, 0.6],
      ['load generator (this bench)', 5000, 5],
    ]);
  });

  it('totals the services, Kafka and the store, leaving the load generator apart', () => {
    expect(stackTotal(rows)).toEqual({ idleMsPerS: 60, windowMs: 3600, netMs: 3000, perEventMs: 3 });
  });
});

describe('perEvent', () => {
  it('divides what each counter moved, less its idle rate over the time, by the events, and drops the still ones', () => {
    const moved = perEvent({ a: 100, b: 5, c: 7 }, { a: 2100, b: 5, c: 7, d: 500 }, { events: 1000, seconds: 10, idlePerS: { a: 10 } });
    expect(moved).toEqual({ a: 1.9, d: 0.5 });
  });
});

describe('storeCounters', () => {
  it('flattens round trips, statements and documents written from a serverStatus answer', () => {
    const status = {
      opcounters: { insert: 3, query: 2, update: 40, delete: 0, getmore: 0, command: 9 },
      metrics: {
        commands: { update: { total: 2, failed: 0, pipeline: { total: 0 } }, find: { total: 2, failed: 1 }, serverStatus: { total: 1, failed: 0 } },
        document: { inserted: 3, updated: 39, deleted: 1, returned: 50 },
        cursor: { open: { total: 0 } },
      },
    };
    expect(storeCounters(status)).toEqual({
      'commands.update': 2,
      'commands.find': 2,
      'commands.serverStatus': 1,
      'opcounters.insert': 3,
      'opcounters.query': 2,
      'opcounters.update': 40,
      'opcounters.delete': 0,
      'opcounters.getmore': 0,
      'opcounters.command': 9,
      'documents.inserted': 3,
      'documents.updated': 39,
      'documents.deleted': 1,
    });
  });

  it('answers nothing for a server that counts nothing', () => {
    expect(storeCounters({ host: 'x', metrics: { cursor: {} } })).toEqual({});
  });
});

describe('percentile', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);

  it('answers the nearest rank', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('answers NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('backlogTrend', () => {
  const at = (/** @type {number[]} */ backlogs) => backlogs.map((backlog, i) => ({ t: i * 5000, backlog }));

  it('says the backlog grew when the last sample exceeds the first by more than a second of the rate', () => {
    expect(backlogTrend(at([10, 800, 1600]), 1000)).toEqual({ first: 10, middle: 800, last: 1600, grew: true });
  });

  it('says it did not grow when it stays within a second of the rate', () => {
    expect(backlogTrend(at([10, 2000, 900]), 1000)).toEqual({ first: 10, middle: 2000, last: 900, grew: false });
  });

  it('answers null without samples', () => {
    expect(backlogTrend([], 1000)).toBeNull();
  });
});
