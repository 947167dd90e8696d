import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import { SourceSetupPage } from './source-setup-page';
import { EventTypesTab } from './event-types-tab';
import { MappingsTab } from './mappings-tab';
import { LogsTab } from './logs-tab';
import { TestEventTab } from './test-event-tab';
import { SourceSettingsPage } from './source-settings-page';

export type SourceTabProps = { env: string; source: Schemas['Source']; rest: string[] };

/** The tabs of a source page, in order; `types` limits a tab to sources of those types. */
export const SOURCE_TABS: { id: string; label: string; types?: Schemas['Source']['type'][]; render(props: SourceTabProps): ReactNode }[] = [
  { id: 'setup', label: 'Setup', render: ({ env, source }) => <SourceSetupPage key={`${env}/${source.key}`} env={env} sourceKey={source.key} /> },
  { id: 'mappings', label: 'Mappings', types: ['custom'], render: (p) => <MappingsTab {...p} /> },
  { id: 'event-types', label: 'Event types', types: ['custom'], render: (p) => <EventTypesTab {...p} /> },
  { id: 'logs', label: 'Logs', render: (p) => <LogsTab {...p} /> },
  { id: 'test-event', label: 'Test event', render: (p) => <TestEventTab key={`${p.env}/${p.source.key}`} {...p} /> },
  { id: 'settings', label: 'Settings', render: ({ env, source }) => <SourceSettingsPage key={`${env}/${source.key}`} env={env} source={source} /> },
];
