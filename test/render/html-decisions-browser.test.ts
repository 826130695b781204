/**
 * The HTML report's decision badges and state filter in a real browser (Debian's Chromium via
 * playwright-core, as html-browser.test.ts): a triage of the example logs with decisions
 * attached (fixed and seen again, ignored, filed), filtered by state.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDecisions } from '../../src/decide/apply-decisions.js';
import type { Decision, DecisionEntry } from '../../src/decide/decision.js';
import { parseText } from '../../src/parse/parse-text.js';
import { renderHtml } from '../../src/render/html.js';
import { renderContext } from '../../src/render/report-format.js';
import { Triage } from '../../src/triage/triage.js';
import { CHROMIUM, HAVE_CHROMIUM, launchChromium } from '../support/chromium.js';
import { REPO_ROOT } from '../support/fixtures.js';

const IN_CI = process.env.CI === 'true';
const B = '16f77d6c4e'; // bank's data race
const D = '0360d25d03'; // the lock-order inversion

function triageOfExamples() {
  const triage = new Triage();
  for (const name of ['bank.gcc.log', 'deadlock.gcc.log', 'inventory.clang19.log']) {
    const file = join(REPO_ROOT, 'examples', name);
    for (const record of parseText(readFileSync(file, 'utf8'), { file: `examples/${name}` }))
      triage.add(record);
  }
  return triage.finish();
}

describe('HTML decisions in Chromium: the browser', () => {
  it(`is installed at ${CHROMIUM}`, (ctx) => {
    if (HAVE_CHROMIUM) return;
    if (IN_CI) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    ctx.skip(`${CHROMIUM} is missing`);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('HTML report: decision badges and the state filter', () => {
  const work = mkdtempSync(join(tmpdir(), 'racelens-html-decisions-'));
  let browser: Browser;
  let file = '';
  let inventoryId = '';
  let total = 0;

  beforeAll(async () => {
    const result = triageOfExamples();
    total = result.groups.length;
    const inventory = result.groups.find(
      (g) => g.group.report.kind === 'data race' && g.group.signature.id !== B,
    );
    inventoryId = inventory?.group.signature.id ?? '';
    let id = 0;
    const entry = (shortId: string, decision: Decision): DecisionEntry => {
      const group = result.groups.find((g) => g.group.signature.id === shortId);
      return {
        id: ++id,
        signature: group?.group.signature.text ?? '',
        shortId,
        title: null,
        decision,
        by: 'Ana <img src=x onerror=alert(1)>',
        at: '2026-01-01T00:00:00.000Z',
      };
    };
    const decided = withDecisions(result, [
      entry(B, { kind: 'fixed', in: '5f2e1c0' }),
      entry(D, { kind: 'ignored', reason: 'test-only </script> lock order', until: null }),
      entry(inventoryId, {
        kind: 'filed',
        ref: 'https://github.com/acme/inventory/issues/7',
        title: 'stock race',
        state: 'open',
      }),
    ]);
    file = join(work, 'report.html');
    writeFileSync(
      file,
      renderHtml(renderContext(decided, { generatedAt: new Date('2026-01-02T00:00:00Z') })),
    );
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows each state as a badge and filters by state', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    const visible = () => page.locator('details.group:visible').count();
    await expect.poll(() => page.locator('#filters').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await visible()).toBe(total);

    expect(await page.locator(`#g-${B} .badge.regressed`).textContent()).toBe('regressed');
    expect(await page.locator(`#g-${D} .badge.ignored`).textContent()).toBe('ignored');
    expect(await page.locator(`#g-${inventoryId} .badge.known`).textContent()).toBe('known');

    const state = page.locator('#filter-state');
    const shown = async (value: string) => {
      await state.selectOption(value);
      await expect.poll(visible, { timeout: 15_000 }).toBeGreaterThanOrEqual(0);
      return page.locator('details.group:visible').evaluateAll((els) => els.map((e) => e.id));
    };
    expect(await shown('regressed')).toEqual([`g-${B}`]);
    expect(await shown('ignored')).toEqual([`g-${D}`]);
    expect(await shown('known')).toEqual([`g-${inventoryId}`]);
    expect(await shown('fixed')).toEqual([]);
    expect(await page.locator('#filter-empty').isVisible()).toBe(true);
    expect((await shown('new')).length).toBe(total - 3);
    expect((await shown('')).length).toBe(total);

    // The decisions are listed in the group, log and user text shown as text.
    await page.locator(`#g-${D} > summary`).click();
    const decision = page.locator(`#g-${D} li.decision`);
    expect(await decision.textContent()).toContain('Ignored: test-only </script> lock order');
    expect(await decision.textContent()).toContain('Ana <img src=x onerror=alert(1)>');
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
