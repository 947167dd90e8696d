import type { ReactNode } from 'react';
import { ApiKeysPage } from './api-keys-page';
import { DirectoryPage } from './directory-page';
import { WorkflowsSection } from './workflows-page';

export type SectionProps = { env: string; rest: string[] };

/** The top bar's pages after Sources, in order: each at `/environments/{env}/{id}[/…]`. */
export const SECTIONS: { id: string; label: string; render(props: SectionProps): ReactNode }[] = [
  { id: 'workflows', label: 'Workflows', render: (p) => <WorkflowsSection key={p.env} {...p} /> },
  { id: 'directory', label: 'Directory', render: (p) => <DirectoryPage {...p} /> },
  { id: 'api-keys', label: 'API keys', render: (p) => <ApiKeysPage {...p} /> },
];
