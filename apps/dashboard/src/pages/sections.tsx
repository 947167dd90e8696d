import type { ReactNode } from 'react';

export type SectionProps = { env: string; rest: string[] };

/** The top bar's pages after Sources, in order: each at `/environments/{env}/{id}[/…]`. */
export const SECTIONS: { id: string; label: string; render(props: SectionProps): ReactNode }[] = [];
