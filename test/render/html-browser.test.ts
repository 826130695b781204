/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core
 * (which never downloads a browser of its own). The page must open with no network, draw its
 * chart, filter as one types, lay stacks side by side, and show a hostile log's markup as text.
 *
 * Without /usr/bin/chromium the tests skip, except on CI (CI set), where .ci/run installs it and
 * its absence is a failure. Screenshots go to test-artifacts/; with UPDATE_SCREENSHOTS=1 the
 * README's docs/images/html-report.png is written too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/render/html.js';
import type { RenderContext } from '../../src/render/report-format.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium } from '../support/chromium.js';
import { REPO_ROOT } from '../support/fixtures.js';
import {
  contextOf,
  EXAMPLE_LOGS,
  hostileLog,
  IMG,
  logFile,
  SCRIPT,
  SEED_LOG,
} from '../support/html-report.js';

const CI = process.env.CI;
const IN_CI = CI !== undefined && CI !== '' && CI !== 'false' && CI !== '0';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const README_IMAGE = join(REPO_ROOT, 'docs', 'images', 'html-report.png');
const BROWSER_TIMEOUT = 60_000;

/** expect.poll with room for a busy two-core CI machine (its default gives up after 1 s). */
function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000 });
}

describe('HTML report in Chromium: the browser', () => {
  it(`is installed at ${CHROMIUM}`, (ctx) => {
    if (HAVE_CHROMIUM) return;
    const why = `${CHROMIUM} is missing: install Debian's chromium package (.ci/run does on CI)`;
    if (IN_CI) throw new Error(why);
    ctx.skip(`skipping the browser tests: ${why}`);
  });
});

/** The little of the DOM the in-page functions use (the tests compile without the DOM lib). */
interface InPage {
  readonly document: {
    querySelectorAll(selector: string): Iterable<{ open: boolean }>;
    getElementById(id: string): InPageCanvas | null;
    readonly body: object;
  };
  readonly Chart: { getChart(canvas: InPageCanvas): { data: { labels: string[] } } | undefined };
  getComputedStyle(element: object): { backgroundColor: string };
}

interface InPageCanvas {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

interface Opened {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Every request but the page's own file: there must be none. */
  readonly requests: string[];
  /** Console errors and warnings, uncaught exceptions and CSP violations. */
  readonly problems: string[];
  readonly dialogs: string[];
}

describe.skipIf(!HAVE_CHROMIUM)('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let mainFile: string;
  let mainCtx: RenderContext;
  let readmeFile: string;
  const opened: BrowserContext[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'racelens-html-browser-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    mainCtx = contextOf([SEED_LOG, ...EXAMPLE_LOGS, hostileLog()]);
    mainFile = join(dir, 'report.html');
    writeFileSync(mainFile, renderHtml(mainCtx));
    // The README's page: the seed and a few examples, no hostile names.
    const readme = contextOf([
      SEED_LOG,
      ...['race.clang19.txt', 'deadlock.gcc.txt', 'leak.clang19.txt', 'mutexbugs.clang19.txt'].map(
        (name) => logFile(join(REPO_ROOT, 'test/fixtures/corpus/examples/out', name)),
      ),
    ]);
    readmeFile = join(dir, 'readme.html');
    writeFileSync(readmeFile, renderHtml(readme));
    browser = await launchChromium();
  }, BROWSER_TIMEOUT * 2);

  afterAll(async () => {
    for (const context of opened) await context.close();
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(
    file: string,
    options: {
      javaScript?: boolean;
      colorScheme?: 'light' | 'dark';
      height?: number;
    } = {},
  ): Promise<Opened> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: options.height ?? 900 },
      javaScriptEnabled: options.javaScript ?? true,
      colorScheme: options.colorScheme ?? 'light',
      deviceScaleFactor: 1,
    });
    opened.push(context);
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const problems: string[] = [];
    const dialogs: string[] = [];
    // Block everything but the page itself, and remember what was asked for.
    await context.route('**/*', (route) =>
      route.request().url() === url ? route.continue() : route.abort(),
    );
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
    // Runs before the page's own scripts (injected by the driver, outside the page's CSP).
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        window.reportViolation('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));`,
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, context, requests, problems, dialogs };
  }

  /** Opens or closes every `<details>` on the page (groups, threads, full reports). */
  async function openAll(page: Page, open: boolean): Promise<void> {
    await page.evaluate((value) => {
      const { document } = globalThis as unknown as InPage;
      for (const d of document.querySelectorAll('details')) d.open = value;
    }, open);
  }

  /** Groups the filter leaves visible. */
  function visibleGroups(page: Page): Promise<number> {
    return page.locator('details.group:visible').count();
  }

  it(
    'opens with no request to the network, no error and every group listed',
    async () => {
      const { page, requests, problems, dialogs } = await open(mainFile);
      await poll(() => page.locator('#filters').isVisible()).toBe(true);
      expect(await page.locator('details.group').count()).toBe(mainCtx.views.length);
      expect(await visibleGroups(page)).toBe(mainCtx.views.length);
      expect(await page.locator('#filter-count').textContent()).toBe(
        `${mainCtx.views.length} of ${mainCtx.views.length} groups`,
      );
      // Open every group and everything in it: nothing inside may fetch or fail either.
      await openAll(page, true);
      await page.waitForTimeout(200);
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
      expect(dialogs).toEqual([]);
      await openAll(page, false);
      await page.screenshot({ path: join(ARTIFACTS, 'html-report.png') });
    },
    BROWSER_TIMEOUT,
  );

  it(
    'draws the chart of groups by kind',
    async () => {
      const { page, problems } = await open(mainFile);
      const canvas = page.locator('#kind-chart');
      await poll(() => canvas.isVisible()).toBe(true);
      const box = await canvas.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(80);
      const chart = await page.evaluate(() => {
        const { document, Chart } = globalThis as unknown as InPage;
        const element = document.getElementById('kind-chart')!;
        const pixels = element.getContext('2d').getImageData(0, 0, element.width, element.height);
        let painted = 0;
        for (let i = 3; i < pixels.data.length; i += 4) if (pixels.data[i]! > 0) painted++;
        return { painted, labels: Chart.getChart(element)?.data.labels ?? [] };
      });
      expect(chart.painted).toBeGreaterThan(2000);
      const kinds = new Set(mainCtx.views.map((v) => v.kind));
      expect(chart.labels).toHaveLength(kinds.size);
      expect(chart.labels[0]).toBe('data race');
      expect(problems).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'filters the groups as one types, by kind and by status',
    async () => {
      const { page, problems } = await open(mainFile);
      const all = mainCtx.views.length;
      const search = page.locator('#filter-text');
      const count = page.locator('#filter-count');
      await search.pressSequentially('ns::W::go');
      await poll(() => count.textContent()).toBe(`1 of ${all} groups`);
      expect(await visibleGroups(page)).toBe(1);
      expect(await page.locator('details.group:visible .title').textContent()).toContain(
        'ns::W::go',
      );
      await page.screenshot({ path: join(ARTIFACTS, 'html-report-filtered.png') });

      // Words are matched each on its own, case-insensitively: a file name and a kind.
      await search.fill('MUTEXBUGS.C unlock');
      await poll(() => visibleGroups(page)).toBe(1);
      await search.fill('no-such-function');
      await poll(() => visibleGroups(page)).toBe(0);
      expect(await page.locator('#filter-empty').isVisible()).toBe(true);
      await search.fill('');
      await poll(() => visibleGroups(page)).toBe(all);

      const races = mainCtx.views.filter((v) => v.kind === 'data race').length;
      await page.locator('table.kinds label', { hasText: 'data race' }).locator('input').uncheck();
      await poll(() => visibleGroups(page)).toBe(all - races);
      await page.locator('#filter-new').check();
      expect(await visibleGroups(page)).toBe(all - races); // all of them are new
      expect(problems).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'expands a group into its two stacks side by side, shared frames on one row',
    async () => {
      const { page, problems } = await open(mainFile, { height: 1400 });
      const nested = mainCtx.views.find((v) => v.title.includes('ns::W::go'))!;
      const group = page.locator(`#g-${nested.id}`);
      const table = group.locator('table.stacks');
      expect(await table.isVisible()).toBe(false);
      await group.locator('> summary').click();
      await poll(() => table.isVisible()).toBe(true);

      const headers = table.locator('thead th');
      expect(await headers.count()).toBe(2);
      const [left, right] = [
        await headers.nth(0).boundingBox(),
        await headers.nth(1).boundingBox(),
      ];
      expect(right!.x).toBeGreaterThanOrEqual(left!.x + left!.width - 1);
      expect(Math.abs(right!.y - left!.y)).toBeLessThan(1);

      // The first shared frame: the same function in both columns, on the same line.
      const shared = table.locator('tr.shared').first();
      const cells = shared.locator('td');
      expect(await cells.count()).toBe(2);
      const [a, b] = [await cells.nth(0).boundingBox(), await cells.nth(1).boundingBox()];
      expect(Math.abs(a!.y - b!.y)).toBeLessThan(1);
      expect(b!.x).toBeGreaterThanOrEqual(a!.x + a!.width - 1);
      for (const cell of [cells.nth(0), cells.nth(1)])
        expect(await cell.locator('.fn').textContent()).toBe('std::map::operator[]');
      // Frames numbered differently (#4 and #7) are aligned: the other side has more frames in.
      expect(await cells.nth(0).locator('.fi').textContent()).toBe('#4');
      expect(await cells.nth(1).locator('.fi').textContent()).toBe('#7');
      // Each side's anchor is marked.
      expect(await table.locator('td.anchor').count()).toBe(2);
      await group.screenshot({ path: join(ARTIFACTS, 'html-report-expanded.png') });
      expect(problems).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'shows a hostile log’s markup as text and runs none of it',
    async () => {
      const { page, problems, dialogs, requests } = await open(mainFile);
      await openAll(page, true);
      const hostile = mainCtx.views.find((v) => v.inputs.some((i) => i.file === 'hostile.txt'))!;
      const group = page.locator(`#g-${hostile.id}`);
      await group.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      expect(dialogs).toEqual([]);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('img[src=x]').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(3);
      // Shown literally: in the title, the stacks, the location, a thread, the report.
      const literal = page.getByText(IMG);
      expect(await literal.count()).toBeGreaterThanOrEqual(4);
      expect(await literal.first().isVisible()).toBe(true);
      expect(await group.locator('.title').textContent()).toContain(IMG);
      expect(await group.locator('td .fn').first().textContent()).toBe(IMG);
      expect(await group.locator('pre.report').textContent()).toContain(SCRIPT);
      // The search finds it by what it shows.
      await page.locator('#filter-text').fill('onerror=alert(1)');
      await poll(() => visibleGroups(page)).toBe(1);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'is whole without JavaScript: groups open, the table has the numbers',
    async () => {
      const { page } = await open(mainFile, { javaScript: false });
      expect(await page.locator('#filters').isVisible()).toBe(false);
      expect(await page.locator('#kind-chart').isVisible()).toBe(false);
      expect(await page.locator('table.kinds input:visible').count()).toBe(0);
      expect(await page.locator('table.kinds tbody tr').count()).toBe(
        new Set(mainCtx.views.map((v) => v.kind)).size,
      );
      const group = page.locator('details.group').first();
      await group.locator('> summary').click();
      expect(await group.locator('table.stacks').isVisible()).toBe(true);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'opens a related group from its link',
    async () => {
      const ctx = contextOf([
        logFile(join(REPO_ROOT, 'test/fixtures/corpus/examples/out/race.clang19.txt')),
        {
          file: 'variant.txt',
          text: EXAMPLE_LOGS[0]!.text.replaceAll('Thread1', 'Thread3'),
        },
      ]);
      const file = join(dir, 'related.html');
      writeFileSync(file, renderHtml(ctx));
      const { page, problems } = await open(file);
      const [a, b] = ctx.views;
      await page.locator(`#g-${a!.id} > summary`).click();
      await page.locator(`#g-${a!.id} a[href="#g-${b!.id}"]`).click();
      await poll(() => page.locator(`#g-${b!.id}`).getAttribute('open')).toBe('');
      expect(problems).toEqual([]);
    },
    BROWSER_TIMEOUT,
  );

  it(
    'looks right in both colour schemes (screenshots)',
    async () => {
      const seed = contextOf([SEED_LOG]).views[0]!;
      for (const scheme of ['light', 'dark'] as const) {
        const { page, problems } = await open(readmeFile, { colorScheme: scheme, height: 1640 });
        await page.locator(`#g-${seed.id} > summary`).click();
        await page.locator('h1').scrollIntoViewIfNeeded();
        const path = scheme === 'light' ? 'html-report-readme.png' : 'html-report-readme-dark.png';
        await page.screenshot({ path: join(ARTIFACTS, path) });
        if (scheme === 'light' && process.env.UPDATE_SCREENSHOTS === '1') {
          mkdirSync(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
          await page.screenshot({ path: README_IMAGE });
        }
        const background = await page.evaluate(() => {
          const { document, getComputedStyle } = globalThis as unknown as InPage;
          return getComputedStyle(document.body).backgroundColor;
        });
        expect(background).toBe(scheme === 'light' ? 'rgb(246, 248, 250)' : 'rgb(13, 17, 23)');
        expect(problems).toEqual([]);
      }
    },
    BROWSER_TIMEOUT,
  );
});
