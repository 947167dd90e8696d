import { ApiTestApp } from '../shared/api-test-app';

jest.setTimeout(60_000);

/**
 * The api serving the dashboard beside its own routes. Run from source, `DASHBOARD_DIR` defaults to
 * apps/dashboard, whose index.html stands in for a build.
 */
describe('the dashboard at /', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await ApiTestApp.start('api-dashboard');
  });
  afterAll(() => api?.stop());

  it.each(['/', '/login', '/environments/development/sources/tasks/setup'])('answers %s with the app page, unframeable, without a key', async (path) => {
    const res = await fetch(`${api.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<div id="root"></div>');
  });

  it('leaves the api its own answers: an unknown /v1 path is a JSON 404, not the page', async () => {
    const res = await fetch(`${api.url}/v1/nothing-here`, { headers: { authorization: `Bearer ${api.apiKey}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.objectContaining({ code: expect.any(String) }) });
    expect((await fetch(`${api.url}/openapi.json`)).headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers a missing file with 404, never with the page', async () => {
    const res = await fetch(`${api.url}/assets/index-missing.js`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Nothing at /assets/index-missing.js.' } });
  });
});
