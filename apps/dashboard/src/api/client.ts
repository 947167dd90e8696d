import createClient from 'openapi-fetch';
import { session } from '../lib/session';
import type { components, paths } from './generated/api-types';

/**
 * The api, typed from its own OpenAPI document (tools/generate-api-types.js): a response that
 * changes shape breaks the dashboard's type check. Same origin: the api serves the dashboard.
 */
export const api = createClient<paths>({ baseUrl: window.location.origin });

export type Schemas = components['schemas'];

api.use({
  onRequest({ request }) {
    const key = session.apiKey();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
  onResponse({ response }) {
    // A key revoked while the tab is open: back to the login, which says why.
    if (response.status === 401 && session.apiKey()) {
      session.logOut();
      window.dispatchEvent(new Event('inlet:logged-out'));
    }
    return response;
  },
});
