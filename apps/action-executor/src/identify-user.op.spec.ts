import { identifyUserOp } from './identify-user.op';

const now = new Date('2026-05-01T00:00:00Z');

describe('identifyUserOp', () => {
  it('merges only the fields sent, properties key by key', () => {
    expect(identifyUserOp('development', { id: 'u1', email: 'a@b.c', properties: { plan: 'pro' } }, now)).toEqual({
      updateOne: {
        filter: { environment: 'development', id: 'u1' },
        update: { $set: { email: 'a@b.c', 'properties.plan': 'pro', updatedAt: now }, $setOnInsert: { createdAt: now } },
        upsert: true,
      },
    });
  });

  it('starts empty properties on insert only when none are sent', () => {
    const op = identifyUserOp('production', { id: 'u2' }, now);
    expect(op.updateOne.update).toEqual({ $set: { updatedAt: now }, $setOnInsert: { createdAt: now, properties: {} } });
  });
});
