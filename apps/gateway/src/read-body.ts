import type { Readable } from 'node:stream';

export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes. Stops reading as soon as the limit is passed, so an
 * oversized body costs at most `limit` bytes of memory.
 */
export function readBody(stream: Readable, limit: number, declaredLength: number | undefined): Promise<BodyRead> {
  if (declaredLength !== undefined && declaredLength > limit) return Promise.resolve({ ok: false, reason: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      stream.off('data', onData).off('end', onEnd).off('error', onAbort).off('aborted', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.pause();
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onAbort = () => finish({ ok: false, reason: 'aborted' });
    stream.on('data', onData).once('end', onEnd).once('error', onAbort).once('aborted', onAbort);
  });
}
