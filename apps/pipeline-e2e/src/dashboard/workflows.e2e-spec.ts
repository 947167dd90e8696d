import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from '../stack';
import { launchChromium, logIn, overflow, screenshot } from './browser';

jest.setTimeout(120_000);

type Log = { id: string; status: string; actions: { status: string; reason: string | null; trigger_id: string | null }[] };

/**
 * The dashboard's Workflows, Directory, API keys and Test event screens in a real browser against
 * the whole stack: a legacy trigger toggled per environment, a run and its user in the directory,
 * an API key created and revoked, a test event followed live, and all of it at 390 px.
 */
describe('dashboard: workflows, directory, API keys and test events', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const endpoint: Record<string, string> = {};

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack('dash-workflows'), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: stack.services.api.url });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.services.api.url });
    page = await context.newPage();
    // A page that breaks says why in the test's output, not only by a timeout.
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'app', name: 'Product events', type: 'legacy_http' } });
    for (const env of ['development', 'production']) endpoint[env] = String((await stack.api(`/v1/sources/app/environments/${env}`)).body.endpoint);
    await logIn(page, stack.apiKey);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Posts a track event to the legacy endpoint until its final log satisfies `ready` (triggers reach the engine through the config topic). */
  const deliver = (env: string, ready: (log: Log) => boolean) =>
    waitFor(`a track event handled as expected in ${env}`, async () => {
      const res = await fetch(endpoint[env], { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'track', event: 'Signed Up', userId: 'user_1', properties: { plan: 'pro' } }) });
      expect(res.status).toBe(204);
      const log = await stack.log<Log>(String(res.headers.get('x-inlet-log-id')), (l) => l.status !== 'pending' && (l.actions as Log['actions']).every((a) => a.status !== 'pending'));
      return ready(log) ? log : undefined;
    });
  const runsOf = async (env: string, eventId: string) => (await stack.api(`/v1/workflow-runs?environment=${env}&event_id=${eventId}`)).body.entries as { id: string }[];

  it('registers a workflow, saying the api\'s refusal next to the field it names', async () => {
    await page.getByRole('link', { name: 'Workflows' }).click();
    await page.waitForURL('**/environments/development/workflows');
    // The stack registers `welcome`; the list shows it with a switch per environment.
    await page.getByRole('switch', { name: 'Welcome in production' }).waitFor();
    await page.getByRole('button', { name: 'Register workflow' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Onboarding');
    await page.getByLabel('Key', { exact: true }).fill('Not a key');
    await page.getByRole('button', { name: 'Register workflow' }).click();
    await page.locator('#workflow-key-error').waitFor();
    expect(await page.getByLabel('Key', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Key', { exact: true }).fill('onboarding');
    await page.getByRole('button', { name: 'Register workflow' }).click();
    await page.waitForURL('**/environments/development/workflows/onboarding');
    await page.getByTestId('triggers-empty').waitFor();
  });

  it('attaches a legacy source\'s event as a trigger, showing the default schema mapping', async () => {
    await page.getByRole('button', { name: 'Add a trigger' }).click();
    // The legacy HTTP sources are the choices, the first chosen.
    await page.getByLabel('Legacy HTTP source').locator('option[value="app"]').waitFor({ state: 'attached' });
    expect(await page.getByLabel('Legacy HTTP source').inputValue()).toBe('app');
    await page.getByLabel('Event name').fill('Signed Up');
    await page.getByRole('button', { name: 'Add trigger' }).click();
    const card = page.getByTestId('trigger-Signed Up');
    await card.getByTestId('trigger-mapping').getByText('userId').waitFor();
    expect(await card.getByTestId('trigger-mapping').textContent()).toContain('all of properties');
    expect(await card.getByRole('switch', { name: 'Trigger Signed Up in production' }).getAttribute('aria-checked')).toBe('true');
  });

  it('toggles the trigger inactive in production: its next event runs the workflow in development only', async () => {
    await page.getByRole('switch', { name: 'Trigger Signed Up in production' }).click();
    await page.locator('[role=switch][aria-label="Trigger Signed Up in production"][aria-checked=false]').waitFor();
    const [trigger] = (await stack.api('/v1/workflows/onboarding/triggers')).body.entries as { id: string; status: Record<string, string> }[];
    expect(trigger.status).toEqual({ development: 'active', production: 'inactive' });
    await screenshot(page, 'workflow-trigger-inactive-in-production');

    const production = await deliver('production', (l) => l.actions[0]?.status === 'skipped');
    expect(production.actions).toEqual([expect.objectContaining({ trigger_id: trigger.id, status: 'skipped', reason: 'mapping is inactive' })]);
    expect(await runsOf('production', production.id)).toEqual([]);

    const development = await deliver('development', (l) => l.actions[0]?.status === 'success');
    expect(await runsOf('development', development.id)).toHaveLength(1);
  });

  it('opens the run in the directory, then its recipient, who was never identified', async () => {
    await page.getByRole('link', { name: 'its runs in development' }).click();
    const table = page.getByTestId('workflow-runs');
    await table.getByText('onboarding').first().waitFor();
    expect(await page.getByLabel('Workflow', { exact: true }).inputValue()).toBe('onboarding');
    await table.locator('td[data-label="Run"] a').first().click();
    await page.waitForURL('**/environments/development/directory/workflow-runs/*');
    const run = page.getByTestId('workflow-run');
    await run.getByText('"plan"').waitFor();
    await screenshot(page, 'directory-run');
    await run.getByRole('link', { name: 'user_1' }).click();
    await page.waitForURL('**/environments/development/directory/users/user_1');
    // A trigger's recipient sent without a profile is not identified: the api's 404, in its words.
    await page.getByRole('alert').getByText('No user "user_1" in environment "development".').waitFor();
    expect(await page.getByLabel('User id', { exact: true }).inputValue()).toBe('user_1');
    await screenshot(page, 'directory-user');
  });

  it('edits a trigger\'s schema mapping, the api\'s refusal next to the field it names', async () => {
    await page.goto('/environments/development/workflows/onboarding');
    await page.getByTestId('trigger-Signed Up').getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Recipient').fill('properties..owner');
    await page.getByLabel('Data').fill('plan = properties.plan\nseats');
    await page.getByRole('button', { name: 'Save trigger' }).click();
    await page.getByRole('alert').getByText('line 2: write it as field = path').waitFor();
    await page.getByLabel('Data').fill('plan = properties.plan');
    await page.getByRole('button', { name: 'Save trigger' }).click();
    await page.locator('.field.invalid').filter({ has: page.getByLabel('Recipient') }).getByRole('alert').waitFor();
    expect(await page.getByLabel('Recipient').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'workflow-trigger-refused');
    await page.getByLabel('Recipient').fill('');
    await page.getByRole('button', { name: 'Save trigger' }).click();
    const mapping = page.getByTestId('trigger-Signed Up').getByTestId('trigger-mapping');
    await mapping.getByText('properties.plan').waitFor();
    const [trigger] = (await stack.api('/v1/workflows/onboarding/triggers')).body.entries as { mapping: unknown; status: Record<string, string> }[];
    expect(trigger).toEqual(expect.objectContaining({ mapping: { data: { plan: 'properties.plan' } }, status: { development: 'active', production: 'inactive' } }));
  });

  it('creates an API key shown once, then revokes it after a confirmation, and the api refuses it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel("New key's name").fill('CI deploys');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('api-key-secret').textContent()) ?? '';
    await page.getByTestId('copy-api-key').click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(key);
    const call = () => fetch(`${stack.services.api.url}/v1/sources`, { headers: { authorization: `Bearer ${key}` } });
    expect((await call()).status).toBe(200);

    await page.getByRole('button', { name: 'Revoke CI deploys' }).click();
    await page.getByRole('group', { name: 'Revoke CI deploys?' }).getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByTestId('api-keys').getByText(/^Revoked/).waitFor();
    expect(await page.getByTestId('created-key').count()).toBe(0);
    const refused = await call();
    expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 401, body: { error: { code: 'unauthenticated', message: 'The API key was revoked.' } } });
    await screenshot(page, 'api-keys-revoked');
  });

  it('sends a test event and watches its log complete live, then opens the user it made', async () => {
    await page.goto('/environments/development/sources/demo/test-event');
    await page.getByLabel('Body (JSON)').fill(JSON.stringify({ type: 'user.signed_up', data: { user: { id: 'user_9', email: 'ada@example.com', name: 'Ada' } } }));
    await page.getByRole('button', { name: 'Send test event' }).click();
    const log = page.getByTestId('test-event-log');
    await log.getByText('Test event done').waitFor();
    expect(await page.getByTestId('test-event-status').textContent()).toContain('processed');
    await log.getByText('success').first().waitFor();
    await screenshot(page, 'test-event-done');
    await log.getByRole('link', { name: 'user user_9' }).click();
    await page.getByTestId('directory-entry').getByText('ada@example.com').waitFor();
  });

  it('says test events are refused in production, and offers no send there', async () => {
    await page.goto('/environments/production/sources/demo/test-event');
    await page.getByTestId('rehearse-refused').waitFor();
    expect(await page.getByRole('button', { name: 'Send test event' }).isDisabled()).toBe(true);
    await screenshot(page, 'test-event-production');
  });

  it('fits a 390 px wide screen: no horizontal scrolling, nothing cut off', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const runId = ((await stack.api('/v1/workflow-runs?environment=development&workflow=onboarding')).body.entries as { id: string }[])[0].id;
    for (const [path, name, ready] of [
      ['/environments/development/workflows', 'workflows-390', 'workflows'],
      ['/environments/development/workflows/onboarding', 'workflow-390', 'trigger-Signed Up'],
      [`/environments/development/directory/workflow-runs/${runId}`, 'directory-run-390', 'workflow-run'],
      ['/environments/development/directory/workflow-runs', 'directory-runs-390', 'workflow-runs'],
      ['/environments/development/api-keys', 'api-keys-390', 'api-keys'],
      ['/environments/development/sources/demo/test-event', 'test-event-390', null],
    ] as const) {
      await page.goto(path);
      if (ready) await page.getByTestId(ready).waitFor();
      else await page.getByRole('button', { name: 'Send test event' }).waitFor();
      const layout = await overflow(page);
      expect({ name, ...layout }).toEqual({ name, scroll: 390, width: 390, cutOff: [] });
      await screenshot(page, name);
    }
  });
});
