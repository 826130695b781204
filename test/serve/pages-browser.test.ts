/**
 * The team server's pages in a real browser: Debian's Chromium through playwright-core, against
 * `racelens serve`'s app on 127.0.0.1 over a real SQLite store. Sign in with a token, filter
 * the groups, open one, record a decision, and see the group flagged regressed after a new
 * ingest; a hostile log's markup stays text. Skips without /usr/bin/chromium, except on CI.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InFlight } from '../../src/serve/in-flight.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';
import { Signer } from '../../src/serve/signed-value.js';
import { hashToken, newTokenSecret } from '../../src/serve/tokens.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium } from '../support/chromium.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { hostileLog, IMG, SCRIPT } from '../support/html-report.js';
import { IN_CI } from '../support/tsan-toolchains.js';
import { example, sqliteEngine } from './harness.js';

const TIMEOUT = 60_000;
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const README_IMAGE = join(REPO_ROOT, 'docs', 'images', 'serve.png');

describe('racelens serve in Chromium', () => {
  if (!HAVE_CHROMIUM) {
    it(`needs ${CHROMIUM}`, (ctx) => {
      const why = `${CHROMIUM} is missing: install Debian's chromium package (.ci/run does on CI)`;
      if (IN_CI) throw new Error(why);
      ctx.skip(why);
    });
    return;
  }
  const engine = sqliteEngine();
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const secret = newTokenSecret();
  const dialogs: string[] = [];
  const cspErrors: string[] = [];

  async function ingest(run: string, body: string | Buffer): Promise<void> {
    const response = await fetch(`${server.url}/api/v1/ingest?run=${run}&branch=main`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.status).toBe(201);
  }

  beforeAll(async () => {
    const db = await engine.fresh();
    const opened = await openStore({ db, create: true });
    if (opened === null) throw new Error('no store');
    store = opened;
    await store.createToken({ name: 'lead', scopes: ['admin'], hash: hashToken(secret) });
    server = await startServer(
      {
        store,
        auth: { tokensRequired: true, publicRead: false },
        signer: new Signer(randomBytes(32)),
        ingestLimit: 1 << 24,
        inFlight: new InFlight(),
      },
      { host: '127.0.0.1', port: 0 },
    );
    await ingest('r1', example('ci-run.log'));
    await ingest('r1', example('inventory.clang19.log'));
    await ingest('hostile', hostileLog().text);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        cspErrors.push(message.text());
    });
  }, TIMEOUT * 2);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await store?.close();
    await engine.cleanup();
  });

  it(
    'signs in with a token into an HttpOnly, SameSite=Strict session',
    async () => {
      await page.goto(`${server.url}/groups`);
      expect(new URL(page.url()).pathname).toBe('/signin');
      await page.fill('input[name=token]', secret);
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/groups`);
      const session = (await context.cookies()).find((c) => c.name === 'racelens_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      expect(await page.locator('table.groups tbody tr').count()).toBe(6);
    },
    TIMEOUT,
  );

  it(
    'filters groups by search text and state',
    async () => {
      await page.fill('input[name=text]', 'restock');
      await page.click('form.filters button');
      await page.waitForURL(/text=restock/);
      const titles = await page.locator('table.groups tbody tr td:nth-child(4)').allTextContents();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((t) => t.includes('restock'))).toBe(true);
      await page.selectOption('select[name=state]', 'fixed');
      await page.fill('input[name=text]', '');
      await page.click('form.filters button');
      await page.waitForURL(/state=fixed/);
      expect(await page.locator('table.groups tbody tr').count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'opens a group with its stacks side by side, records a decision, and shows it regressed after a new ingest',
    async () => {
      await page.goto(`${server.url}/groups?text=add_interest`);
      await page.click('table.groups tbody tr td:nth-child(4) a');
      await page.waitForURL(/\/groups\/[0-9a-f]{10}$/);
      const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      expect(await page.locator('details.group[open] table').count()).toBeGreaterThan(0);
      expect(await page.locator('textarea#draft').inputValue()).toContain(`racelens group ${id}`);
      await page.selectOption('select[name=kind]', 'fixed');
      await page.fill('input[name=in]', 'c0ffee1');
      await page.click('form.decide button');
      await page.waitForURL(`${server.url}/groups/${id}`);
      expect(await page.locator('h1 .state').textContent()).toBe('fixed');
      expect(await page.locator('ul.decisions').textContent()).toContain('c0ffee1');
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ingest('r2', example('bank.gcc.log'));
      await page.reload();
      expect(await page.locator('h1 .state').textContent()).toBe('regressed');
      await page.goto(`${server.url}/groups?state=regressed`);
      expect(await page.locator('table.groups tbody tr').getAttribute('data-id')).toBe(id);
      await page.goto(server.url);
      expect(await page.locator('.state-regressed').count()).toBeGreaterThan(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'serve-overview.png'), fullPage: false });
      if (process.env.UPDATE_SCREENSHOTS === '1')
        await page.screenshot({ path: README_IMAGE, fullPage: false });
    },
    TIMEOUT,
  );

  it(
    'refuses a decision form without the page CSRF token',
    async () => {
      await page.goto(`${server.url}/groups?text=add_interest`);
      const id = await page.locator('table.groups tbody tr').getAttribute('data-id');
      // The browser context's own cookies (session and CSRF), but a forged form token.
      const forged = await context.request.post(`${server.url}/groups/${id}/decide`, {
        form: { kind: 'ignored', reason: 'forged', _csrf: 'forged' },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      const crossSite = await context.request.post(`${server.url}/groups/${id}/decide`, {
        form: { kind: 'ignored', reason: 'forged' },
        headers: { origin: 'https://evil.example' },
        maxRedirects: 0,
      });
      expect(crossSite.status()).toBe(403);
      await page.goto(`${server.url}/groups/${id}`);
      expect(await page.locator('ul.decisions').textContent()).not.toContain('forged');
    },
    TIMEOUT,
  );
  it(
    'shows a hostile log as text: no script runs, no markup is made',
    async () => {
      await page.goto(`${server.url}/groups?text=race`);
      const links = page.locator('table.groups tbody tr td:nth-child(1) a');
      for (let i = 0; i < (await links.count()); i++) {
        await links.nth(i).click();
        await page.waitForURL(/\/groups\/[0-9a-f]{10}$/);
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('script:not([src])').count()).toBe(1);
        await page.goBack();
      }
      await page.goto(`${server.url}/groups?text=${encodeURIComponent('<img')}`);
      await page.click('table.groups tbody tr td:nth-child(1) a');
      const text = await page.locator('body').textContent();
      expect(text).toContain(IMG);
      expect(text).toContain(SCRIPT.slice(0, 9));
      expect(dialogs).toEqual([]);
      expect(cspErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
