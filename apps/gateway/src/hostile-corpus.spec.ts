import { parseJsonBody } from '@inlet/domain/normalize';
import { hostileCorpus } from '@inlet/testing';

// The end-to-end suite sends these cases through every service; this keeps the corpus and the
// parse the gateway runs in agreement without a stack.
describe('the hostile-input corpus against the gateway parse', () => {
  const corpus = hostileCorpus();

  it('is small, deterministic and uniquely named', () => {
    expect(corpus.reduce((sum, c) => sum + c.bytes.length, 0)).toBeLessThan(4 * 1024 * 1024);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    expect(hostileCorpus().map((c) => c.bytes.toString('base64'))).toEqual(corpus.map((c) => c.bytes.toString('base64')));
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const parsed = parseJsonBody(c.bytes);
    if (c.expected.accepted) {
      expect(parsed).toEqual({ ok: true, body: c.target === 'legacy-batch' ? expect.anything() : c.expected.body });
    } else {
      expect(parsed.ok).toBe(false);
      const answer = parsed.ok ? '' : `body: ${parsed.message.replace(/^body (is )?/, '')}`;
      expect(answer).toContain(c.expected.message);
    }
  });
});
