import { dashboardRoute } from './dashboard-route';

describe('dashboardRoute', () => {
  it.each(['/v1', '/v1/sources', '/v1/nothing-here', '/docs', '/openapi.json', '/health', '/ready', '/metrics'])('leaves %s to the api', (path) => {
    expect(dashboardRoute(path)).toEqual({ kind: 'api' });
  });

  it.each(['/', '/login', '/environments/development/sources', '/environments/dev/sources/task-tracker/setup', '/index.html', '/v1beta'])(
    'answers the page of the app for %s',
    (path) => {
      expect(dashboardRoute(path)).toEqual({ kind: 'page' });
    },
  );

  it('serves built assets, cacheable for good', () => {
    expect(dashboardRoute('/assets/index-3f2a.js')).toEqual({ kind: 'file', file: 'assets/index-3f2a.js', immutable: true });
    expect(dashboardRoute('/favicon.svg')).toEqual({ kind: 'file', file: 'favicon.svg', immutable: false });
  });

  it.each([
    ['/../config.js', 'config.js'],
    ['/assets/%2e%2e/%2e%2e/%2e%2e/apps/api/src/main.js', 'apps/api/src/main.js'],
  ])('keeps %s inside the folder (%s)', (path, file) => {
    expect(dashboardRoute(path)).toEqual({ kind: 'file', file, immutable: false });
  });

  it.each(['/%00.js', '/a%5c..%5cb.js', '/%E0%A4%A'])('refuses %s', (path) => {
    expect(dashboardRoute(path)).toEqual({ kind: 'not_found' });
  });
});
