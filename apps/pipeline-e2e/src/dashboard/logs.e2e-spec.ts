import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from '../stack';
import { launchChromium, logIn, overflow, screenshot } from './browser';

jest.setTimeout(120_000);

type Log = { id: string; status: string; trace_id: string | null; actions: { result: { workflow_run_ids?: string[] } | null }[] };

/**
 * The Logs tab in a real browser against the whole stack: a refused request found by its status
 * and explained, the seed's task.assigned event arriving live and opened on its stages, action and
 * workflow run, the same event sent again as a test event and followed to its end, at 1280 and 390 px.
 */
describe('dashboard: the Logs tab', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const endpoints: Record<string, string> = {};
  const seedEvent = JSON.stringify({ event_type: 'task.assigned', data: { task_id: 'task_42', title: 'Review the launch plan', assigned_to: 'user_7', assigned_by: 'user_1' } });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack('dashboard-logs'), launchChromium()]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: stack.services.api.url });
    page = await context.newPage();
    // Two sources: one that enforces signatures, one with the seed's mapping.
    for (const key of ['billing', 'tasks']) {
      expect((await stack.api('/v1/sources', { method: 'POST', body: { key, name: key === 'tasks' ? 'Task tracker' : 'Billing' } })).status).toBe(201);
      const env = await stack.api(`/v1/sources/${key}/environments/development`, { method: 'PATCH', body: { event_type_path: 'event_type' } });
      endpoints[key] = String(env.body.endpoint);
    }
    expect((await stack.api('/v1/workflows', { method: 'POST', body: { key: 'task-assigned', name: 'Task assigned' } })).status).toBe(201);
    const mapping = await stack.api('/v1/sources/tasks/environments/development/mappings', {
      method: 'POST',
      body: {
        event_type: 'task.assigned',
        action_type: 'trigger_workflow',
        params: { key: { literal: 'task-assigned' }, recipients: { path: 'data.assigned_to' }, actor: { path: 'data.assigned_by' }, 'data.task_id': { path: 'data.task_id' }, 'data.title': { path: 'data.title' } },
      },
    });
    expect(mapping.status).toBe(201);

    await logIn(page, stack.apiKey);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('finds an unsigned request refused by enforced verification under "Signature missing", and says why', async () => {
    expect((await stack.api('/v1/sources/billing/environments/development/signing-keys', { method: 'POST', body: {} })).status).toBe(201);
    expect((await stack.api('/v1/sources/billing/environments/development', { method: 'PATCH', body: { verification: { enabled: true } } })).status).toBe(200);
    // An accepted request first, so the filter has something to leave out.
    const refused = await waitFor('the gateway to enforce verification', async () => {
      const answer = await stack.send(endpoints.billing, JSON.stringify({ event_type: 'invoice.paid', data: { id: 'in_1' } }));
      return answer.status === 401 ? answer : undefined;
    });
    expect(refused.body).toEqual({ error: expect.objectContaining({ code: 'signature_missing' }) });

    await page.goto('/environments/development/sources/billing/logs');
    await page.getByTestId('logs').waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Signature missing' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.getByTestId('logs').locator('tbody tr');
    await row.first().locator('[data-status="signature_missing"]').waitFor();
    // Only refusals of that kind are left, each with its reason in words.
    expect(await row.locator('[data-status]').evaluateAll((badges) => badges.map((b) => b.getAttribute('data-status')))).toEqual(
      expect.arrayContaining(['signature_missing']),
    );
    expect(new Set(await row.locator('[data-status]').evaluateAll((badges) => badges.map((b) => b.getAttribute('data-status'))))).toEqual(new Set(['signature_missing']));
    await row.first().getByText('Verification is enforced and the request carried no signature').waitFor();
    await screenshot(page, 'logs-signature-missing');

    await row.first().click();
    await page.getByTestId('log').waitFor();
    await page.getByTestId('log-why').getByText('Verification is enforced and the request carried no signature').waitFor();
    await page.getByTestId('verification').getByText('Signature missing: refused').waitFor();
    await page.getByTestId('rejection').waitFor();
    // Back to the list: the filter still applies.
    await page.getByRole('link', { name: '← All logs' }).click();
    expect(await page.getByLabel('Status').inputValue()).toBe('signature_missing');
    await page.getByTestId('logs').locator('[data-status="signature_missing"]').first().waitFor();
    await page.getByTestId('logs').locator('tbody tr').first().click();
    await page.getByTestId('request-headers').getByText('content-type').waitFor();
    // No re-drive for a refusal; the body can still be sent again as a test event.
    expect(await page.getByRole('button', { name: 'Re-drive' }).count()).toBe(0);
    await screenshot(page, 'log-signature-missing');
  });

  it("shows the seed's task.assigned event arrive live, then its stages, its action with resolved parameters and the workflow run it made", async () => {
    // The mapping reaches the mapping-engine through the config topic: wait until an event uses it.
    await waitFor('the mapping to be in force', async () => {
      const answer = await stack.send(endpoints.tasks, seedEvent);
      return (await stack.log<Log>(String(answer.body.id))).status === 'processed' ? true : undefined;
    });
    await page.goto('/environments/development/sources/tasks/logs');
    await page.getByTestId('logs').waitFor();
    const before = await page.getByTestId('logs').locator('tbody tr').count();

    const sent = await stack.send(endpoints.tasks, seedEvent);
    expect(sent.status).toBe(202);
    const id = String(sent.body.id);
    // No reload: the feed puts it on top, and its status follows the pipeline.
    const row = page.locator(`tr[data-log-id="${id}"]`);
    await row.locator('[data-status="processed"]').waitFor();
    expect(await page.getByTestId('logs').locator('tbody tr').count()).toBe(before + 1);
    expect(await page.getByTestId('logs').locator('tbody tr').first().getAttribute('data-log-id')).toBe(id);
    await screenshot(page, 'logs-live');

    await row.click();
    await page.waitForURL(`**/sources/tasks/logs/${id}`);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Verified and normalized').waitFor();
    await timeline.getByText('Mapped to actions').waitFor();
    await timeline.getByText('Action executed').waitFor();
    const action = page.locator('[data-action-type="trigger_workflow"]');
    await action.locator('[data-status="success"]').waitFor();
    await action.getByText('data.assigned_to').waitFor();
    // Resolved: the recipient as the executor got it.
    await action.locator('.payload').getByText('"user_7"').first().waitFor();
    const log = await stack.log<Log>(id);
    const runId = log.actions[0].result?.workflow_run_ids?.[0];
    expect(runId).toEqual(expect.any(String));
    await action.getByTestId('result-workflow_run').getByText(String(runId)).waitFor();
    // The event's trace, to look it up in the tracing backend.
    expect(log.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const trace = page.getByTestId('trace-id');
    await trace.getByText(String(log.trace_id)).waitFor();
    await trace.getByRole('button', { name: 'Copy trace id' }).waitFor();
    // The source has no signing key: nothing to check the request with.
    await page.getByTestId('verification').getByText('Not checked').waitFor();
    await screenshot(page, 'log-task-assigned');
  });

  it('sends a log again as a test event and follows the new log live until it is processed', async () => {
    const from = page.url();
    await page.getByRole('button', { name: 'Send again as a test event' }).click();
    await page.waitForURL((url) => url.toString() !== from && /\/sources\/tasks\/logs\/[^/]+$/.test(url.pathname));
    const id = page.url().split('/').pop() as string;
    await page.getByTestId('log').locator('h2 [data-status="processed"]').waitFor();
    const log = await stack.log<Log>(id);
    expect(log.status).toBe('processed');
    await page.locator('[data-action-type="trigger_workflow"] [data-status="success"]').waitFor();
    await page.getByTestId('verification').getByText('Not checked').waitFor();
    await screenshot(page, 'log-sent-again');
  });

  it('re-drives a failed event once its cause is fixed, and follows it to processed', async () => {
    expect((await stack.api('/v1/workflows', { method: 'POST', body: { key: 'task-done', name: 'Task done', status: { development: 'inactive' } } })).status).toBe(201);
    const mapping = await stack.api('/v1/sources/tasks/environments/development/mappings', {
      method: 'POST',
      body: { event_type: 'task.completed', action_type: 'trigger_workflow', params: { key: { literal: 'task-done' }, recipients: { path: 'data.assigned_to' } } },
    });
    expect(mapping.status).toBe(201);
    const completed = JSON.stringify({ event_type: 'task.completed', data: { task_id: 'task_42', assigned_to: 'user_7' } });
    const failed = await waitFor('an event failed on the inactive workflow', async () => {
      const answer = await stack.send(endpoints.tasks, completed);
      const log = await stack.log<Log>(String(answer.body.id));
      return log.status === 'failed' ? log : undefined;
    });

    await page.goto(`/environments/development/sources/tasks/logs/${failed.id}`);
    await page.getByTestId('log').locator('h2 [data-status="failed"]').waitFor();
    await page.getByTestId('action-reason').getByText('workflow "task-done" is inactive in environment "development"').waitFor();
    await screenshot(page, 'log-failed');

    // The fix: the workflow active, and in force once a new event gets through.
    expect((await stack.api('/v1/workflows/task-done', { method: 'PATCH', body: { status: { development: 'active' } } })).status).toBe(200);
    await waitFor('the workflow to be active in the executor', async () => {
      const answer = await stack.send(endpoints.tasks, completed);
      return (await stack.log<Log>(String(answer.body.id))).status === 'processed' ? true : undefined;
    });
    await page.getByRole('button', { name: 'Re-drive' }).click();
    await page.getByTestId('log').locator('h2 [data-status="processed"]').waitFor();
    await page.getByTestId('redrive-info').getByText('attempt 1').waitFor();
    await page.locator('[data-action-type="trigger_workflow"] [data-status="success"]').waitFor();
    expect((await stack.log<Log>(failed.id)).status).toBe('processed');
    expect(await page.getByRole('button', { name: 'Re-drive' }).count()).toBe(0);
    await screenshot(page, 'log-redriven');
  });

  it('fits a 390 px wide screen: the list and a log, no horizontal scrolling, nothing cut off', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/environments/development/sources/tasks/logs');
    await page.getByTestId('logs').locator('tbody tr').first().waitFor();
    let layout = await overflow(page);
    expect({ name: 'logs-390', ...layout }).toEqual({ name: 'logs-390', scroll: 390, width: 390, cutOff: [] });
    await screenshot(page, 'logs-390');

    await page.getByTestId('logs').locator('tbody tr').first().click();
    await page.locator('[data-action-type="trigger_workflow"] [data-status="success"]').waitFor();
    layout = await overflow(page);
    expect({ name: 'log-390', ...layout }).toEqual({ name: 'log-390', scroll: 390, width: 390, cutOff: [] });
    await screenshot(page, 'log-390');
  });
});
