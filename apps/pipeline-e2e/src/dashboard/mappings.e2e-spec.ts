import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from '../stack';
import { launchChromium, logIn, overflow, screenshot } from './browser';

jest.setTimeout(120_000);

/** The seed's example: a task assigned triggers the `task-assigned` workflow for its assignee. */
const assigned = (taskId: string) => JSON.stringify({ type: 'task.assigned', data: { task_id: taskId, title: 'Review the launch plan', assigned_to: 'user_7', assigned_by: 'user_1' } });

/**
 * The Event types and Mappings tabs in a real browser against the whole stack: the seed's
 * `task.assigned` mapping built by clicking the sample's fields, checked live, saved, then run by
 * the next event; its dry run; the 390 px layout.
 */
describe('dashboard: event types and the mapping editor', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let endpoint: string;
  const base = '/environments/development/sources/tasks';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack('dashboard-mappings'), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: stack.services.api.url });
    page = await context.newPage();

    expect((await stack.api('/v1/sources', { method: 'POST', body: { key: 'tasks', name: 'Task tracker' } })).status).toBe(201);
    expect((await stack.api('/v1/workflows', { method: 'POST', body: { key: 'task-assigned', name: 'Task assigned' } })).status).toBe(201);
    endpoint = String((await stack.api('/v1/sources/tasks/environments/development')).body.endpoint);
    await waitFor('the gateway to know the new source', async () => ((await stack.send(endpoint, assigned('task_41'))).status === 202 ? true : undefined));
    await waitFor('the first sample of task.assigned', async () => {
      const { status, body } = await stack.api('/v1/sources/tasks/environments/development/event-types/task.assigned/samples');
      return status === 200 && (body.entries as unknown[]).length > 0 ? true : undefined;
    });

    await logIn(page, stack.apiKey);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('says what to do next while a source has received nothing', async () => {
    expect((await stack.api('/v1/sources', { method: 'POST', body: { key: 'quiet', name: 'Quiet' } })).status).toBe(201);
    await page.goto('/environments/development/sources/quiet/event-types');
    await page.getByTestId('event-types-empty').getByRole('link', { name: 'Go to setup' }).waitFor();
    await page.getByRole('navigation', { name: 'Source' }).getByRole('link', { name: 'Mappings' }).click();
    await page.getByText('No mappings in development yet').waitFor();
    await page.getByTestId('param-recipients').waitFor();
    await page.getByText('No sample of this event type was received in development yet').waitFor();
    await screenshot(page, 'mappings-no-events');
  });

  it('lists the event types received, opens one on its samples, and offers a mapping from it', async () => {
    await page.goto(`${base}/event-types`);
    const row = page.getByTestId('event-types').getByRole('row').filter({ hasText: 'task.assigned' });
    expect(await row.locator('td[data-label="Count"]').textContent()).toBe('1');
    await row.getByRole('link', { name: 'task.assigned' }).click();
    await page.getByTestId('sample-position').getByText('Sample 1 of 1').waitFor();
    await page.getByTestId('event-type-samples').getByText('"task_41"').waitFor();
    await screenshot(page, 'event-type-samples');
    await page.getByTestId('event-type-samples').getByRole('link', { name: 'Create action mapping' }).click();
    await page.waitForURL(`**${base}/mappings/new/task.assigned`);
    expect(await page.getByLabel('When receiving').inputValue()).toBe('task.assigned');
  });

  it('builds the seed mapping by clicking the sample, with ✓ on every field and ✕ with the reason on a wrong path', async () => {
    const sample = page.locator('.sample-pane');
    const row = (name: string) => page.getByTestId(`param-${name}`);
    const fill = async (name: string, path: string) => {
      await row(name).locator('input.mono').click();
      await sample.locator(`[data-path="${path}"]`).click();
    };
    await row('recipients').waitFor();
    expect(await page.getByLabel('Take this action').inputValue()).toBe('trigger_workflow');

    await fill('recipients', 'data.assigned_to');
    await fill('actor', 'data.assigned_by');
    for (const field of ['data.task_id', 'data.title']) {
      await page.getByRole('button', { name: /Add a field/ }).click();
      await page.getByLabel('Field name').last().fill(field);
      await fill(field, field);
    }
    for (const [name, value] of [
      ['recipients', 'user_7'],
      ['actor', 'user_1'],
      ['data.task_id', 'task_41'],
      ['data.title', 'Review the launch plan'],
    ]) {
      await row(name).getByTestId('check').filter({ hasText: `✓` }).filter({ hasText: value }).waitFor();
    }
    expect(await row('recipients').locator('input.mono').inputValue()).toBe('data.assigned_to');

    // Saved without the workflow: the api's refusal sits next to the parameter it names.
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await row('key').locator('.field-error').waitFor();
    expect(await row('key').locator('.field-error').textContent()).toMatch(/required/);

    await row('key').getByLabel('Source of key').selectOption('literal');
    await row('key').locator('select').nth(1).selectOption('task-assigned');
    await row('key').getByTestId('check').getByText('✓ task-assigned').waitFor();

    await row('recipients').locator('input.mono').fill('data.assigne');
    await row('recipients').getByTestId('check').getByText(/✕ .*data\.assigne.*does not resolve/).waitFor();
    await page.getByTestId('skip').waitFor();
    await screenshot(page, 'mapping-wrong-path');

    await fill('recipients', 'data.assigned_to');
    await row('recipients').getByTestId('check').filter({ hasText: '✓' }).waitFor();
    await page.getByTestId('would-run').waitFor();
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByTestId('mapping-notice').getByText('Saved').waitFor();
    await page.waitForURL(/\/mappings\/map_/);
    await page.getByTestId('mapping-list').getByText('task-assigned').waitFor();
    // The saved mapping opens again, checked against the sample.
    await row('recipients').getByTestId('check').filter({ hasText: '✓' }).waitFor();
    expect(await page.getByLabel('Field name').count()).toBe(2);
    await screenshot(page, 'mapping-saved');

    const { body } = await stack.api('/v1/sources/tasks/environments/development/mappings');
    const [saved] = body.entries as { action_type: string; params: unknown; active: boolean }[];
    expect(saved).toMatchObject({
      action_type: 'trigger_workflow',
      active: true,
      params: { key: { literal: 'task-assigned' }, recipients: { path: 'data.assigned_to' }, actor: { path: 'data.assigned_by' }, 'data.task_id': { path: 'data.task_id' }, 'data.title': { path: 'data.title' } },
    });
  });

  it('runs the saved mapping on the next event: a workflow run for the assignee', async () => {
    const sent = await stack.send(endpoint, assigned('task_42'));
    expect(sent.status).toBe(202);
    const runs = await waitFor('the workflow run', async () => {
      const { body } = await stack.api('/v1/workflow-runs?environment=development&workflow=task-assigned');
      const entries = body.entries as { recipient: { id: string }; data: Record<string, unknown>; event_id: string }[];
      return entries.length > 0 ? entries : undefined;
    });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ event_id: sent.body.id, recipient: { id: 'user_7' }, data: { task_id: 'task_42', title: 'Review the launch plan' } });
  });

  it('steps through the samples, each input checked against the one shown, and dry-runs its plan', async () => {
    const sample = page.locator('.sample-pane');
    const taskId = page.getByTestId('param-data.task_id').getByTestId('check');
    await sample.getByRole('button', { name: 'Refresh' }).click();
    await sample.getByText('Sample 1 of 2').waitFor();
    await taskId.getByText('✓ task_42').waitFor();
    await sample.getByRole('button', { name: 'Older sample' }).click();
    await taskId.getByText('✓ task_41').waitFor();

    await page.getByRole('button', { name: 'Dry run this sample' }).click();
    const planned = page.getByTestId('planned');
    await planned.getByText('trigger_workflow').waitFor();
    expect(await planned.locator('pre').textContent()).toContain('"task-assigned"');
    await screenshot(page, 'mapping-dry-run');
  });

  it('deactivates and activates the mapping', async () => {
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByTestId('mapping-list').getByText('Inactive').waitFor();
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByTestId('mapping-list').getByText('Active', { exact: true }).waitFor();
  });

  it('copies the environment\'s mappings to another environment', async () => {
    await page.getByLabel('Copy every mapping of development to').selectOption('production');
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByTestId('mapping-notice').getByText('Copied 1 mapping of development to production.').waitFor();
    const { body } = await stack.api('/v1/sources/tasks/environments/production/mappings');
    expect(body.entries).toEqual([expect.objectContaining({ event_type: 'task.assigned', action_type: 'trigger_workflow', params: expect.objectContaining({ key: { literal: 'task-assigned' } }) })]);
  });

  it('fits a 390 px wide screen: panes stacked, no horizontal scrolling, nothing cut off', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      [`${base}/event-types`, 'event-types-390'],
      [`${base}/mappings`, 'mappings-390'],
    ]) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      if (name === 'mappings-390') await page.getByTestId('param-recipients').getByTestId('check').filter({ hasText: '✓' }).waitFor();
      else await page.getByTestId('event-types').waitFor();
      const layout = await overflow(page);
      expect({ name, ...layout }).toEqual({ name, scroll: 390, width: 390, cutOff: [] });
      await screenshot(page, name);
    }
  });

  it('deletes the mapping after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No mappings in development yet').waitFor();
    const { body } = await stack.api('/v1/sources/tasks/environments/development/mappings');
    expect(body.entries).toEqual([]);
    // The editor offers a new mapping of the type received.
    await page.getByTestId('param-recipients').waitFor();
    expect(await page.getByLabel('When receiving').inputValue()).toBe('task.assigned');
    await screenshot(page, 'mappings-empty-390');
  });
});
