import { ConfigRecordSchema } from '@inlet/contracts';
import type { StoredMapping, StoredWorkflow } from './config-store.models';
import { outboxMessage, owedAfterMiss } from './config-store.records';

const at = new Date('2026-01-01T00:00:00Z');
const mapping: StoredMapping = {
  _id: 'map_1',
  sourceEnvironmentId: 'shop.development',
  eventType: 'user.created',
  actionType: 'identify_user',
  params: { id: { path: 'data.id' } },
  active: true,
  createdAt: at,
  updatedAt: at,
  version: 3,
  published: false,
};

describe('outboxMessage', () => {
  it('publishes a stored document as its record, carrying its version', () => {
    const record = outboxMessage('mapping', mapping);
    expect(record).toMatchObject({ kind: 'mapping', id: 'map_1', version: 3, eventType: 'user.created' });
    expect(ConfigRecordSchema.safeParse(record).success).toBe(true);
  });

  it('publishes a document marked deleted as a tombstone of its key', () => {
    expect(outboxMessage('mapping', { ...mapping, deleted: true })).toEqual({ kind: 'mapping', id: 'map_1', deleted: true });
  });

  it('leaves the version out of a record stored before versions existed', () => {
    const legacy = { _id: 'welcome', name: 'Welcome', statuses: {}, createdAt: at, updatedAt: at } as unknown as StoredWorkflow;
    expect(outboxMessage('workflow', legacy)).toEqual({ kind: 'workflow', id: 'welcome', name: 'Welcome', statuses: {} });
  });
});

describe('owedAfterMiss', () => {
  it.each([
    ['a record, then the document changed', 'republish', { version: 3 }, { version: 4 }],
    ['a tombstone, then the document was created again', 'republish', { version: 3, deleted: true }, { version: 4 }],
    ['a record, then the document was deleted and its tombstone published', 'tombstone', { version: 3 }, undefined],
    ['a tombstone, and the document is gone', 'nothing', { version: 3, deleted: true }, undefined],
  ] as const)('after sending %s, owes %s', (_what, owed, sent, current) => {
    expect(owedAfterMiss(sent, current)).toBe(owed);
  });
});
