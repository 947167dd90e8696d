import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** The environments' names, for a status per environment (empty until the api answers). */
export function useEnvironments(): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    api.GET('/v1/environments').then(({ data }) => live && data && setNames(data.entries.map((e) => e.name)));
    return () => {
      live = false;
    };
  }, []);
  return names;
}
