import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_FIXTURE_DIR, copyChartInputs } from './support/chart-fixture.js';
import { fwsim } from './support/cli.js';

/** Debian's chromium (`apt-get install -y chromium`, as .ci/run does); never a browser downloaded by playwright. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('report.html in headless chromium, opened from disk', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];
  const requests: string[] = [];
  const charts = readdirSync(join(CHART_FIXTURE_DIR, 'expected')).filter((f) => f.endsWith('.svg')).length;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'fwsim-browser-'));
    copyChartInputs(CHART_FIXTURE_DIR, dir);
    const r = fwsim(['chart', dir]);
    expect(r.status, r.stderr).toBe(0);
    profile = mkdtempSync(join(tmpdir(), 'fwsim-chromium-profile-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1300, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
    page.on('request', (req) => requests.push(req.url()));
    const url = pathToFileURL(join(dir, 'report.html')).href;
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok()).toBe(true);
  });

  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('loads nothing but itself, with no console errors and no failed requests', () => {
    expect(problems).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*\/report\.html$/);
  });

  it('shows every chart as a visible SVG of real size, with its text', async () => {
    const figures = page.locator('figure.chart > svg');
    expect(await figures.count()).toBe(charts);
    for (let i = 0; i < charts; i++) {
      const svg = figures.nth(i);
      await svg.scrollIntoViewIfNeeded();
      expect(await svg.isVisible()).toBe(true);
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(150);
      expect(await svg.locator('text').count()).toBeGreaterThan(10);
    }
  });

  it('shows the ranking tables, the advice, one order per pattern, and the data table', async () => {
    const rankings = page.locator('table.ranking');
    expect(await rankings.count()).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < (await rankings.count()); i++) expect(await rankings.nth(i).isVisible()).toBe(true);
    expect(await page.locator('table.ranking[data-metric="messages"] tr').count()).toBe(3);
    expect(await page.locator('#which-pattern-when li').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#which-pattern-when table.advice').isVisible()).toBe(true);
    expect(await page.locator('details.sequence pre').count()).toBe(2);
    expect(await page.locator('details.sequence pre').first().isVisible()).toBe(true);
    expect(await page.locator('table.data tr').count()).toBe(5);
    expect(await page.title()).toBe('fwsim report: polling-interval');
  });
});
