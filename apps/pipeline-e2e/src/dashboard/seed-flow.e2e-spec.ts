import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from '../stack';
import { launchChromium, logIn, screenshot } from './browser';

jest.setTimeout(120_000);

type Log = { status: string; actions: { result?: { workflow_run_ids?: string[] } }[] };

/** The seed's task-management example: the type at `event_type`, the assignee and assigner under `data`. */
const assigned = (taskId: string) => JSON.stringify({ event_type: 'task.assigned', data: { task_id: taskId, title: 'Review the launch plan', assigned_to: 'user_7', assigned_by: 'user_1' } });

/**
 * The seed's whole flow as a newcomer clicks it, in one browser against the whole stack: a new
 * custom source, its first signed event, the event type path, the first mapping built from a
 * sample, then the next event's log, its workflow run and that run in the Directory. Only the
 * webhooks themselves (and registering the workflow, which the seed assumes) come from the test.
 */
describe('dashboard: the seed\'s task-management example, from a new source to a workflow run', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let endpoint = '';
  let signingKey = '';
  const base = '/environments/development/sources/task-tracker';
  const sendSigned = (body: string) => stack.send(endpoint, body, { 'content-type': 'application/json', 'x-knock-signature': createHmac('sha256', signingKey).update(body).digest('hex') });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack('dashboard-seed-flow'), launchChromium()]);
    expect((await stack.api('/v1/workflows', { method: 'POST', body: { key: 'task-assigned', name: 'Task assigned' } })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: stack.services.api.url });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('creates a custom source and reads the type of its first signed event from the field clicked', async () => {
    await logIn(page, stack.apiKey);
    await page.goto('/environments/development/sources/new');
    await page.getByLabel('Name').fill('Task tracker');
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.waitForURL(`**${base}/setup`);
    await page.getByTestId('waiting').waitFor();
    // No mapping to offer before an event has said what its type is.
    expect(await page.getByRole('link', { name: 'Create your first mapping' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Create a signing key' }).click();
    signingKey = (await page.getByTestId('signing-key').textContent()) ?? '';
    endpoint = (await page.getByTestId('endpoint').textContent()) ?? '';
    const sent = await waitFor('the gateway to know the new source', async () => {
      const answer = await sendSigned(assigned('task_41'));
      return answer.status === 202 ? answer : undefined;
    });
    expect((await stack.log<{ verification: string }>(String(sent.body.id))).verification).toBe('unenforced:verified');

    // Not at the default `type`: it went no further until the field holding its type is clicked.
    await page.getByTestId('first-event').getByText('invalid_path').waitFor();
    await page.locator('[data-path="event_type"]').click();
    await page.getByTestId('path-saved').getByText('event_type').waitFor();
    await page.getByText('✓ resolves to task.assigned').waitFor();
  });

  it('offers the first mapping of that type, and builds it by clicking the fields of a sample', async () => {
    // Offered on coming back too, not only right after the click, with the path's step done.
    await page.reload();
    await page.getByText('✓ resolves to task.assigned').waitFor();
    expect(await page.getByTestId('invalid-path-hint').count()).toBe(0);
    const step = page.getByTestId('first-mapping-step');
    await step.getByRole('link', { name: 'Skip' }).waitFor();
    expect(await step.getByRole('link', { name: 'Skip' }).getAttribute('href')).toBe(`${base}/logs`);
    // The first event was refused before its type was read: the step asks for one more to click in.
    await step.getByTestId('first-mapping-hint').waitFor();
    await screenshot(page, 'seed-flow-setup');
    expect((await sendSigned(assigned('task_42'))).status).toBe(202);
    await waitFor('a sample of task.assigned', async () => {
      const { status, body } = await stack.api('/v1/sources/task-tracker/environments/development/event-types/task.assigned/samples');
      return status === 200 && (body.entries as unknown[]).length > 0 ? true : undefined;
    });

    await step.getByRole('link', { name: 'Create your first mapping' }).click();
    await page.waitForURL(`**${base}/mappings/new/task.assigned`);
    expect(await page.getByLabel('When receiving').inputValue()).toBe('task.assigned');
    expect(await page.getByLabel('Take this action').inputValue()).toBe('trigger_workflow');

    const sample = page.locator('.sample-pane');
    const row = (name: string) => page.getByTestId(`param-${name}`);
    const fill = async (name: string, path: string) => {
      await row(name).locator('input.mono').click();
      await sample.locator(`[data-path="${path}"]`).click();
    };
    await row('key').getByLabel('Source of key').selectOption('literal');
    await row('key').locator('select').nth(1).selectOption('task-assigned');
    await fill('recipients', 'data.assigned_to');
    await fill('actor', 'data.assigned_by');
    for (const field of ['data.task_id', 'data.title']) {
      await page.getByRole('button', { name: /Add a field/ }).click();
      await page.getByLabel('Field name').last().fill(field);
      await fill(field, field);
    }
    for (const [name, value] of [
      ['key', 'task-assigned'],
      ['recipients', 'user_7'],
      ['actor', 'user_1'],
      ['data.task_id', 'task_42'],
      ['data.title', 'Review the launch plan'],
    ]) {
      await row(name).getByTestId('check').filter({ hasText: '✓' }).filter({ hasText: value }).waitFor();
    }
    await page.getByTestId('would-run').waitFor();
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByTestId('mapping-notice').getByText('Saved').waitFor();
    await page.getByTestId('mapping-list').getByText('task-assigned').waitFor();
  });

  it('shows the next event\'s log with its stages and workflow run, and opens that run in the Directory', async () => {
    // The mapping reaches the mapping-engine through the config topic: the next event that finds it in force.
    const id = await waitFor('an event processed by the new mapping', async () => {
      const answer = await sendSigned(assigned('task_43'));
      const log = await stack.log<Log>(String(answer.body.id));
      return log.status === 'processed' ? String(answer.body.id) : undefined;
    });
    const runId = (await stack.log<Log>(id)).actions[0].result?.workflow_run_ids?.[0];
    expect(runId).toEqual(expect.any(String));

    await page.getByRole('navigation', { name: 'Source' }).getByRole('link', { name: 'Logs' }).click();
    const logRow = page.locator(`tr[data-log-id="${id}"]`);
    await logRow.locator('[data-status="processed"]').waitFor();
    await logRow.click();
    await page.waitForURL(`**${base}/logs/${id}`);
    const timeline = page.getByTestId('timeline');
    for (const stage of ['Verified and normalized', 'Mapped to actions', 'Action executed']) await timeline.getByText(stage).waitFor();
    await page.getByTestId('verification').getByText('Signature verified (verification not enforced)').waitFor();
    const action = page.locator('[data-action-type="trigger_workflow"]');
    await action.locator('[data-status="success"]').waitFor();

    await action.getByTestId('result-workflow_run').getByText(String(runId)).click();
    await page.waitForURL(`**/environments/development/directory/workflow-runs/${runId}`);
    const run = page.getByTestId('workflow-run');
    await run.getByText(String(runId)).waitFor();
    await run.getByRole('link', { name: 'task-assigned' }).waitFor();
    await run.getByText('user_7').first().waitFor();
    await run.getByText('task_43').first().waitFor();
    await screenshot(page, 'seed-flow-workflow-run');
  });
});
