import { formatDuration, isRedrivable, resendableHeaders, resultRefs, STATUS_OPTIONS, statusWords, verificationWords, withDurations } from './log-words';

describe('statusWords', () => {
  it.each([
    ['signature_missing', 'Signature missing'],
    ['partially_failed', 'Partially failed'],
    ['invalid_path', 'Event type not found'],
  ])('names %s in words: %s', (status, label) => {
    expect(statusWords(status).label).toBe(label);
  });

  it('offers every status of the api, each with a reason', () => {
    expect(STATUS_OPTIONS).toHaveLength(13);
    for (const status of STATUS_OPTIONS) expect(statusWords(status).reason).not.toBe('');
  });

  it('shows an unknown status as the api sent it rather than nothing', () => {
    expect(statusWords('brand_new')).toEqual({ label: 'brand_new', tone: 'neutral', reason: '' });
  });
});

describe('isRedrivable', () => {
  it.each([
    ['failed', true],
    ['partially_failed', true],
    ['processed', false],
    ['signature_missing', false],
    ['pending', false],
  ])('%s → %s', (status, ok) => {
    expect(isRedrivable(status)).toBe(ok);
  });
});

describe('verificationWords', () => {
  it('says a request without a signature was let through only because verification is off', () => {
    expect(verificationWords('unenforced:missing')).toEqual({ text: 'No signature, accepted because verification is not enforced', tone: 'warn' });
    expect(verificationWords('enforced:missing').tone).toBe('bad');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [2430, '2.4 s'],
    [42_000, '42 s'],
    [185_000, '3 min 5 s'],
    [120_000, '2 min'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('withDurations', () => {
  it('gives each stage the time since the stage before it', () => {
    const out = withDurations([
      { stage: 'received', at: '2026-05-01T10:00:00.000Z' },
      { stage: 'normalized', at: '2026-05-01T10:00:00.120Z' },
      { stage: 'mapped', at: '2026-05-01T10:00:01.120Z' },
    ]);
    expect(out.map((e) => e.sincePrevious)).toEqual([null, 120, 1000]);
  });
});

describe('resultRefs', () => {
  it.each([
    [{ user_id: 'u1' }, [{ kind: 'user', id: 'u1' }]],
    [{ collection: 'projects', object_id: 'p1' }, [{ kind: 'object', collection: 'projects', id: 'p1' }]],
    [{ tenant_id: 't1', deleted: true }, [{ kind: 'tenant', id: 't1' }]],
    [{ workflow: 'task-assigned', workflow_run_ids: ['r1', 'r2'] }, [{ kind: 'workflow_run', id: 'r1', workflow: 'task-assigned' }, { kind: 'workflow_run', id: 'r2', workflow: 'task-assigned' }]],
    [{ audience_key: 'beta', user_ids: ['u1', 'u2'] }, [{ kind: 'user', id: 'u1' }, { kind: 'user', id: 'u2' }]],
    [{ workflow: 'w', cancellation_key: 'k', canceled_run_ids: ['r1'] }, []],
    [null, []],
  ])('finds what %j produced', (result, refs) => {
    expect(resultRefs(result)).toEqual(refs);
  });
});

describe('resendableHeaders', () => {
  it('keeps what the sender set, not the transport headers, the content type the api sets, or redacted credentials', () => {
    expect(
      resendableHeaders({
        host: '127.0.0.1:3000',
        'content-length': '42',
        'content-type': 'application/json',
        'x-knock-signature': '[redacted]',
        authorization: '[redacted]',
        'x-event-type': 'task.assigned',
        'user-agent': 'curl/8.0',
        'bad header': 'x',
      }),
    ).toEqual({ 'x-event-type': 'task.assigned', 'user-agent': 'curl/8.0' });
  });
});
