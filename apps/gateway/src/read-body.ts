import type { Readable } from 'node:stream';

export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' | 'aborted' | 'stalled' | 'overloaded' };

/** One request's share of a {@link BodyBudget}: reserved as its body is read, given back once. */
export type BudgetHold = {
  /** Takes `bytes` more; false (and nothing taken) when the budget has not that much left. */
  reserve(bytes: number): boolean;
  /** Gives back everything held. Idempotent; after it, reserve() is refused. */
  release(): void;
  readonly held: number;
};

/**
 * The gateway-wide budget of body bytes in flight: read or being read and not yet answered. Slow
 * or greedy senders can only hold this much of the gateway's memory between them; past it, the
 * gateway answers 503 instead of buffering more. Plain accounting: the caller ties each hold's
 * release to the end of its request.
 */
export class BodyBudget {
  private used = 0;

  constructor(readonly capacity: number) {}

  /** Bytes currently held by requests. */
  get inFlight(): number {
    return this.used;
  }

  hold(): BudgetHold {
    let held = 0;
    let released = false;
    const reserve = (bytes: number): boolean => {
      if (released || this.used + bytes > this.capacity) return false;
      this.used += bytes;
      held += bytes;
      return true;
    };
    const release = (): void => {
      if (released) return;
      released = true;
      this.used -= held;
      held = 0;
    };
    return {
      reserve,
      release,
      get held() {
        return held;
      },
    };
  }
}

export type BodyLimits = {
  /** Most bytes this body may have; over it, `too_large`. */
  limit: number;
  /** Content-Length, when sent: over the limit is refused unread, and within it reserved at once. */
  declaredLength: number | undefined;
  /** Longest wait for the next chunk before the read gives up as `stalled`. */
  idleTimeoutMs: number;
  /** Where the bytes are accounted; `overloaded` when it cannot take them. */
  hold: BudgetHold;
};

/**
 * Reads a request body up to `limit` bytes. Stops reading as soon as the limit is passed, the
 * budget is spent, or the sender goes quiet for `idleTimeoutMs`, so a body costs at most `limit`
 * bytes of memory, held no longer than the sender keeps sending.
 */
export function readBody(stream: Readable, opts: BodyLimits): Promise<BodyRead> {
  const { limit, declaredLength, idleTimeoutMs, hold } = opts;
  if (declaredLength !== undefined && declaredLength > limit) return Promise.resolve({ ok: false, reason: 'too_large' });
  // A declared length is taken whole up front: a sender that announces a large body and then
  // trickles it holds that much from the start, and a second one is refused before it sends.
  if (declaredLength !== undefined && !hold.reserve(declaredLength)) return Promise.resolve({ ok: false, reason: 'overloaded' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let idle: NodeJS.Timeout | undefined;
    const finish = (result: BodyRead) => {
      clearTimeout(idle);
      stream.off('data', onData).off('end', onEnd).off('error', onAbort).off('aborted', onAbort);
      if (!result.ok) {
        stream.pause();
        chunks.length = 0;
      }
      resolve(result);
    };
    // One timer per read, restarted on each chunk rather than replaced.
    const armIdle = () => {
      idle = idle?.refresh() ?? setTimeout(() => finish({ ok: false, reason: 'stalled' }), idleTimeoutMs);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish({ ok: false, reason: 'too_large' });
      if (size > hold.held && !hold.reserve(size - hold.held)) return finish({ ok: false, reason: 'overloaded' });
      chunks.push(chunk);
      armIdle();
    };
    const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onAbort = () => finish({ ok: false, reason: 'aborted' });
    stream.on('data', onData).once('end', onEnd).once('error', onAbort).once('aborted', onAbort);
    armIdle();
  });
}
