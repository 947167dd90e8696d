import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from '../stack';
import { launchChromium, overflow, screenshot } from './browser';

jest.setTimeout(120_000);

/**
 * The dashboard in a real browser against the whole stack: log in, add a custom source, send its
 * first event and choose the event type path from it, as a newcomer would, at 1280 and 390 px.
 */
describe('dashboard: from login to the first event', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack('dashboard'), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: stack.services.api.url });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.services.api.url });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('refuses a wrong API key, saying so next to the field', async () => {
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByLabel('API key').fill('not-the-key');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#api-key-error', { hasText: 'The API key is not valid.' }).waitFor();
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'login-refused');
  });

  it('logs in to the sources of the development environment, which says what to do while there are none', async () => {
    // The stack seeds a demo source; without it the list is empty.
    expect((await stack.api('/v1/sources/demo', { method: 'DELETE' })).status).toBe(204);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/environments/development/sources');
    await page.getByTestId('sources-empty').getByText('Add a source to get an endpoint URL').waitFor();
    expect(await page.getByTestId('environment').inputValue()).toBe('development');
    await screenshot(page, 'sources-empty');
  });

  it('shows the api\'s refusal next to the field it names, then creates a custom source', async () => {
    await stack.api('/v1/sources', { method: 'POST', body: { key: 'billing', name: 'Billing' } });
    await page.getByRole('button', { name: 'Add your first source' }).click();
    await page.getByLabel('Name').fill('Task tracker');
    expect(await page.getByLabel('Key').inputValue()).toBe('task-tracker');
    await page.getByLabel('Key').fill('billing');
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.locator('#key-error', { hasText: 'A source with key "billing" already exists.' }).waitFor();
    await screenshot(page, 'create-source-refused');

    await page.getByLabel('Key').fill('task-tracker');
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.waitForURL('**/environments/development/sources/task-tracker/setup');
    await page.getByTestId('waiting').waitFor();
  });

  it('copies the endpoint URL the api shows', async () => {
    const { body } = await stack.api('/v1/sources/task-tracker/environments/development');
    await page.getByTestId('copy-endpoint').click();
    await page.getByTestId('copy-endpoint').getByText('Copied').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(body.endpoint);
  });

  it('gives a curl signed with the signing key it just created', async () => {
    await page.getByRole('button', { name: 'Create a signing key' }).click();
    const key = (await page.getByTestId('signing-key').textContent()) ?? '';
    const curl = await waitFor('a signed curl', async () => {
      const text = (await page.getByTestId('curl').textContent()) ?? '';
      return text.includes('X-Knock-Signature') ? text : undefined;
    });
    const sentBody = /-d '(.*)'$/m.exec(curl)?.[1] ?? '';
    const signature = /X-Knock-Signature: ([0-9a-f]{64})/.exec(curl)?.[1];
    expect(signature).toBe(createHmac('sha256', key).update(sentBody).digest('hex'));
    await screenshot(page, 'setup-waiting');

    // A sender whose event type is not at the default `type` path, signed with that key.
    const webhook = JSON.stringify({ action: 'task.assigned', task: { id: 'task_42', assignee: 'user_7' } });
    const endpoint = (await page.getByTestId('endpoint').textContent()) ?? '';
    const sent = await waitFor('the gateway to know the new source', async () => {
      const answer = await stack.send(endpoint, webhook, { 'content-type': 'application/json', 'x-knock-signature': createHmac('sha256', key).update(webhook).digest('hex') });
      return answer.status === 202 ? answer : undefined;
    });
    const log = await stack.log<{ verification: string }>(String(sent.body.id));
    expect(log.verification).toBe('unenforced:verified');
  });

  it('sees the first event arrive, and saves the event type path picked from its payload', async () => {
    await page.getByTestId('first-event').getByText('invalid_path').waitFor();
    // Its type was not at the default `type`: the page says so and offers the payload's fields.
    await page.getByTestId('invalid-path-hint').waitFor();
    await page.locator('[data-path="action"]').click();
    await page.getByTestId('path-saved').getByText('action').waitFor();
    await page.getByText('✓ resolves to task.assigned').waitFor();
    const { body } = await stack.api('/v1/sources/task-tracker/environments/development');
    expect((body.settings as Record<string, unknown>).event_type_path).toBe('action');
    await screenshot(page, 'setup-event-type-picked');
  });

  it('creates a legacy HTTP source, whose setup offers an unsigned Segment track event', async () => {
    await page.goto('/environments/development/sources/new');
    await page.getByLabel('Name').fill('Legacy app');
    await page.getByText('Legacy HTTP', { exact: true }).click();
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.waitForURL('**/sources/legacy-app/setup');
    const curl = (await page.getByTestId('curl').textContent()) ?? '';
    expect(curl).toContain('"type":"track","event":"task.assigned"');
    expect(curl).not.toContain('Signature');
    expect(await page.getByRole('button', { name: 'Create a signing key' }).count()).toBe(0);
    await page.getByText('there is nothing to choose').waitFor();
    await screenshot(page, 'setup-legacy');
  });

  it('fits a 390 px wide screen: no horizontal scrolling, nothing cut off', async () => {
    await page.goto('/environments/development/sources');
    await page.getByRole('cell', { name: 'legacy-app' }).waitFor();
    await screenshot(page, 'sources');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      ['/environments/development/sources', 'sources-390'],
      ['/environments/development/sources/new', 'create-source-390'],
      ['/environments/development/sources/task-tracker/setup', 'setup-390'],
    ]) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      if (name === 'setup-390') await page.getByTestId('first-event').waitFor();
      if (name === 'sources-390') {
        // The webhook sent above, in the list's columns.
        const row = page.getByRole('row').filter({ hasText: 'task-tracker' });
        await row.getByText('just now').waitFor();
        expect(await row.locator('td[data-label="Events, 24 h"]').textContent()).toBe('1');
        // The top bar's four pages on one row, none pushed onto a line of its own.
        const rows = await page.locator('.top-nav a').evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
        expect({ links: rows.length, rows: new Set(rows).size }).toEqual({ links: 4, rows: 1 });
      }
      const layout = await overflow(page);
      expect({ name, ...layout }).toEqual({ name, scroll: 390, width: 390, cutOff: [] });
      await screenshot(page, name);
    }
  });
});
