import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@inlet/testing';
import { startStack, type Stack } from '../stack';
import { launchChromium, overflow, screenshot } from './browser';

jest.setTimeout(120_000);

const SETTINGS = '/environments/development/sources/orders/settings';
const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest('hex');

/**
 * The Settings tab of a source in a real browser against the whole stack: what enforcing would
 * refuse, counted from what the test sent; a key rotated with an overlap during which both keys
 * sign accepted webhooks; the api's refusals next to their fields; a regenerated endpoint whose old
 * URL answers 404; and the page at 390 px.
 */
describe('dashboard: a source\'s settings', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let endpoint: string;
  let firstKey: string;
  let secondKey: string;

  const section = (id: string) => page.getByTestId(`settings-${id}`);
  const settings = async () => (await stack.api('/v1/sources/orders/environments/development')).body as { endpoint: string; version: number; settings: Record<string, Record<string, unknown> | unknown> };
  /** POSTs to an endpoint until the gateways answer `status` (a settings change reaches them through Kafka). */
  const sendUntil = (status: number, url: string, body: string, headers: Record<string, string> = {}) =>
    waitFor(`${status} from ${url}`, async () => {
      const answer = await stack.send(url, body, { 'content-type': 'application/json', ...headers });
      return answer.status === status ? answer : undefined;
    });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack('settings'), launchChromium()]);
    expect((await stack.api('/v1/sources', { method: 'POST', body: { key: 'orders', name: 'Orders' } })).status).toBe(201);
    endpoint = (await settings()).endpoint;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: stack.services.api.url });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.services.api.url });
    // Logged in already (the login has its own test): the page's init script stores the key as the login would.
    await context.addInitScript(`sessionStorage.setItem('inlet.api-key', ${JSON.stringify(stack.apiKey)})`);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('says what to do before any request, and shows a new signing key once, to copy', async () => {
    await page.goto(SETTINGS);
    await section('paths').getByText('No sample yet').first().waitFor();
    await page.getByTestId('enforcement-preview').getByText('No requests received in development yet').waitFor();
    await page.getByTestId('no-keys').waitFor();
    await page.getByTestId('last-event').getByText('No events received in development yet').waitFor();

    await page.getByRole('button', { name: 'Create a signing key' }).click();
    await page.getByTestId('new-signing-key').getByText("you won't see it again").waitFor();
    firstKey = (await page.getByTestId('signing-key-secret').textContent()) ?? '';
    expect(firstKey).toMatch(/^isk_[0-9a-f]{64}$/);
    await page.getByTestId('copy-signing-key').click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(firstKey);
    await page.getByTestId('signing-keys').getByText(`${firstKey.slice(0, 10)}…`).waitFor();
    await screenshot(page, 'settings-key-created');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByTestId('signing-key-secret').count()).toBe(0);
  });

  it('counts the recent requests enforcing would have refused, resolves the key paths against the latest one, then enforces', async () => {
    const body = (n: number) => JSON.stringify({ type: 'order.created', data: { id: `ord_${n}`, created_at: '2026-03-01T10:00:00Z' } });
    const sent = [await sendUntil(202, endpoint, body(0))];
    sent.push(await stack.send(endpoint, body(1)));
    sent.push(await stack.send(endpoint, body(2), { 'content-type': 'application/json', 'x-knock-signature': sign('isk_not-the-key', body(2)) }));
    sent.push(await stack.send(endpoint, body(3), { 'content-type': 'application/json', 'x-knock-signature': sign(firstKey, body(3)) }));
    sent.push(await stack.send(endpoint, body(4), { 'content-type': 'application/json', 'x-knock-signature': sign(firstKey, body(4)) }));
    const verdicts = await Promise.all(sent.map(async (s) => (await stack.log<{ verification: string }>(String(s.body.id))).verification));
    expect(verdicts).toEqual(['unenforced:missing', 'unenforced:missing', 'unenforced:failed', 'unenforced:verified', 'unenforced:verified']);

    await page.reload();
    await page.getByTestId('would-refuse').getByText('3 of the last 5 requests would have been refused: 1 with a wrong signature, 2 without one.').waitFor();
    await section('paths').getByText('✓ in the latest sample: order.created').waitFor();
    await page.getByTestId('sample-used').getByText(String(sent[4].body.id)).waitFor();
    await page.getByTestId('last-event').getByText('order.created').waitFor();
    await page.getByLabel('Timestamp path').fill('data.created_at');
    await section('paths').getByText('✓ in the latest sample: 2026-03-01T10:00:00.000Z').waitFor();
    await page.getByLabel('Timestamp path').fill('data.nope');
    await page.getByTestId('resolved-time').getByText('✕ in the latest sample: nothing at this path: events would be timed when received').waitFor();
    await page.getByLabel('Event type path').fill('data');
    await page.getByTestId('resolved-type').getByText('is not a string: the event would be logged as invalid_path').waitFor();
    await page.getByLabel('Event type path').fill('type');
    await page.getByLabel('Timestamp path').fill('data.created_at');
    await section('paths').getByRole('button', { name: 'Save' }).click();
    await section('paths').getByRole('status').getByText('Saved').waitFor();
    expect(((await settings()).settings as { timestamp_path: string }).timestamp_path).toBe('data.created_at');
    await screenshot(page, 'settings-would-refuse');

    await page.getByLabel('Enforce signature verification', { exact: false }).check();
    await section('verification').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('verification-state').getByText('Enforced in development').waitFor();
    expect(((await settings()).settings as { verification: { enabled: boolean } }).verification.enabled).toBe(true);
    await sendUntil(401, endpoint, body(5));
  });

  it('shows the api\'s refusal of a 30-day overlap next to the field, then rotates with both keys valid during the overlap', async () => {
    const overlap = page.getByLabel('Keep the current key valid for (days)');
    await overlap.fill('30');
    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.locator('#previous-valid-until-error', { hasText: 'must be at most 7 days ahead' }).waitFor();
    expect(await overlap.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'settings-overlap-refused');

    await overlap.fill('2');
    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByTestId('new-signing-key').waitFor();
    secondKey = (await page.getByTestId('signing-key-secret').textContent()) ?? '';
    expect(secondKey).not.toBe(firstKey);
    const rows = page.getByTestId('signing-keys').locator('tbody tr');
    await rows.filter({ hasText: secondKey.slice(0, 10) }).getByTestId('key-validity').getByText('valid', { exact: true }).waitFor();
    expect(await rows.filter({ hasText: firstKey.slice(0, 10) }).getByTestId('key-validity').textContent()).toMatch(/^valid until /);
    expect(await rows.count()).toBe(2);
    await screenshot(page, 'settings-rotated');

    // Verification is enforced: a webhook signed with either key is accepted during the overlap.
    const body = JSON.stringify({ type: 'order.paid', data: { id: 'ord_9' } });
    const withNew = await sendUntil(202, endpoint, body, { 'x-knock-signature': sign(secondKey, body) });
    const withOld = await stack.send(endpoint, body, { 'content-type': 'application/json', 'x-knock-signature': sign(firstKey, body) });
    expect(withOld.status).toBe(202);
    for (const answer of [withNew, withOld]) expect((await stack.log<{ verification: string }>(String(answer.body.id))).verification).toBe('enforced:verified');
  });

  it('revokes the old key after a confirmation, after which it signs nothing accepted', async () => {
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('button', { name: `Revoke ${firstKey.slice(0, 10)}` }).click();
    await page.getByText('Revoke it? Requests signed with it fail verification at once.').waitFor();
    // The prompt fits its row: its two buttons side by side, the key's prefix still on one line.
    const buttonTops = await page.getByRole('group', { name: `Revoke ${firstKey.slice(0, 10)}?` }).getByRole('button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    const prefixLines = await page.getByTestId('signing-keys').locator('tbody tr').filter({ hasText: firstKey.slice(0, 10) }).locator('code').evaluate((code) => code.getClientRects().length);
    await screenshot(page, 'settings-confirm-revoke');
    expect({ buttons: buttonTops.length, buttonRows: new Set(buttonTops).size, prefixLines }).toEqual({ buttons: 2, buttonRows: 1, prefixLines: 1 });
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByTestId('signing-keys').locator('tbody tr').filter({ hasText: firstKey.slice(0, 10) }).waitFor({ state: 'detached' });
    const body = JSON.stringify({ type: 'order.paid', data: { id: 'ord_10' } });
    await sendUntil(401, endpoint, body, { 'x-knock-signature': sign(firstKey, body) });
  });

  it('shows idempotency on without a key path refused next to the key path, and a change made elsewhere as a conflict to reload', async () => {
    await page.getByLabel('Deduplicate events by an idempotency key').check();
    await section('idempotency').getByRole('button', { name: 'Save' }).click();
    await page.locator('#idempotency-key-path-error', { hasText: 'required while idempotency is enabled' }).waitFor();
    await screenshot(page, 'settings-idempotency-refused');
    await section('idempotency').getByLabel('Key path').fill('data.id');
    await section('idempotency').getByRole('button', { name: 'Save' }).click();
    await section('idempotency').getByRole('status').getByText('Saved').waitFor();
    expect(((await settings()).settings as { idempotency: unknown }).idempotency).toEqual({ enabled: true, key_path: 'data.id', window_seconds: 86_400 });

    // Someone else changes the settings: this page's next save is not applied over it.
    expect((await stack.api('/v1/sources/orders/environments/development', { method: 'PATCH', body: { max_body_bytes: 2_097_152 } })).status).toBe(200);
    await page.getByLabel('Largest body (bytes)').fill('524288');
    await section('body-limit').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('settings-conflict').getByText('changed elsewhere').waitFor();
    expect(((await settings()).settings as { max_body_bytes: number }).max_body_bytes).toBe(2_097_152);
    await page.getByTestId('settings-conflict').getByRole('button', { name: 'Reload' }).click();
    expect(await page.getByLabel('Largest body (bytes)').inputValue()).toBe('2097152');
    await page.getByLabel('Largest body (bytes)').fill('524288');
    await section('body-limit').getByRole('button', { name: 'Save' }).click();
    await section('body-limit').getByRole('status').getByText('Saved').waitFor();
    expect(((await settings()).settings as { max_body_bytes: number }).max_body_bytes).toBe(524_288);
  });

  it('regenerates the endpoint after a confirmation saying the old URL stops working, which then answers 404', async () => {
    const old = (await page.getByTestId('settings-endpoint').textContent()) ?? '';
    expect(old).toBe(endpoint);
    await page.getByRole('button', { name: 'Regenerate…' }).click();
    await page.getByTestId('confirm-regenerate').getByText('The current URL stops working at once').waitFor();
    await screenshot(page, 'settings-confirm-regenerate');
    await page.getByRole('button', { name: 'Regenerate URL' }).click();
    await page.getByTestId('endpoint-regenerated').waitFor();
    const fresh = (await page.getByTestId('settings-endpoint').textContent()) ?? '';
    expect(fresh).not.toBe(old);
    expect((await settings()).endpoint).toBe(fresh);
    const body = JSON.stringify({ type: 'order.paid', data: { id: 'ord_11' } });
    await sendUntil(404, old, body, { 'x-knock-signature': sign(secondKey, body) });
    await sendUntil(202, fresh, body, { 'x-knock-signature': sign(secondKey, body) });
  });

  it('shows a legacy HTTP source its fixed paths, no verification, and saves what it may change', async () => {
    expect((await stack.api('/v1/sources', { method: 'POST', body: { key: 'legacy-app', name: 'Legacy app', type: 'legacy_http' } })).status).toBe(201);
    await page.goto('/environments/development/sources/legacy-app/settings');
    await section('paths').getByText('These are fixed.').waitFor();
    expect(await section('verification').count()).toBe(0);
    expect(await section('idempotency').getByLabel('Key path').inputValue()).toBe('messageId');
    await section('idempotency').getByLabel('Window (hours)').fill('48');
    await section('idempotency').getByRole('button', { name: 'Save' }).click();
    await section('idempotency').getByRole('status').getByText('Saved').waitFor();
    const { body } = await stack.api('/v1/sources/legacy-app/environments/development');
    expect((body.settings as { idempotency: unknown }).idempotency).toEqual({ enabled: true, key_path: 'messageId', window_seconds: 172_800 });
    await screenshot(page, 'settings-legacy');
  });

  it('fits a 390 px wide screen: no horizontal scrolling, nothing cut off', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(SETTINGS);
    await page.getByTestId('signing-keys').waitFor();
    await page.getByTestId('verification-state').waitFor();
    const layout = await overflow(page);
    expect(layout).toEqual({ scroll: 390, width: 390, cutOff: [] });
    await screenshot(page, 'settings-390');
  });
});
