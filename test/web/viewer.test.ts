/**
 * The viewer in a real browser: headless Chromium (the Debian package, at
 * /usr/bin/chromium; .ci/run installs it) driven by playwright-core, which
 * never downloads a browser. The page is loaded from `createDetectServer` on an
 * ephemeral loopback port over the real artifact; what the page shows is
 * checked against the API's own answer for the same note.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine.js';
import { createDetectServer } from '../../src/server.js';
import type { Span } from '../../src/types.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web/routes.js';
import { createPool, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, ROOT } from '../helpers/pool-fixtures.js';

// Functions passed to page.evaluate run in the browser; these are the DOM names they use
// (the tests' own tsconfig has no DOM library).
declare const document: {
  getElementById(id: string): { textContent: string | null } | null;
  activeElement: { id: string; classList: { contains(c: string): boolean }; getAttribute(name: string): string | null } | null;
};
declare const window: { __pwned?: unknown };

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Screenshots land here (git-ignored). */
const ARTIFACTS = join(ROOT, 'test-artifacts');

const NOTE = [
  'HISTORY OF PRESENT ILLNESS:',
  'A 67-year-old man with type 2 diabetes mellitus with diabetic chronic kidney disease and essential hypertension.',
  'He denies chest pain. Rule out pneumonia. If symptoms worsen, consider heart failure.',
  'History of myocardial infarction in 2019.',
  'FAMILY HISTORY:',
  'Mother had breast cancer.',
].join('\n');

let pool: Pool;
let server: Server;
let base: string;
let context: BrowserContext;
let profile: string;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  assertDistFresh(['src/server.ts', 'src/web/routes.ts']);
  const engine = await loadEngine({ build: 'never' });
  pool = await createPool({ engine, threads: 1 });
  server = createDetectServer(pool);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), 'icd10cm-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1200, height: 900 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
});

afterAll(async () => {
  await context?.close();
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await pool?.close();
});

async function apiSpans(text: string): Promise<Span[]> {
  const res = await fetch(`${base}/detect`, { method: 'POST', body: JSON.stringify({ text }), headers: { 'content-type': 'application/json' } });
  return ((await res.json()) as { spans: Span[] }).spans;
}

async function detectInPage(text: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#note-input').fill(text);
  await page.locator('#detect').click();
  await page.waitForFunction(() => /found|failed/.test(document.getElementById('detect-status')?.textContent ?? ''));
}

const FLAGS = ['negated', 'uncertain', 'hypothetical', 'historical', 'family'] as const;

describe('the page', () => {
  it('is served with a strict Content-Security-Policy and no inline script', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/); // every script is a file
    expect((await fetch(`${base}/viewer.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });

  it('highlights every span of the API answer with its context classes, and lists its codes', async () => {
    const spans = await apiSpans(NOTE);
    await detectInPage(NOTE);
    const shown = await page.$$eval('#note .mention', (els) =>
      els.map((e) => ({ start: Number(e.getAttribute('data-start')), end: Number(e.getAttribute('data-end')), text: e.textContent, classes: [...e.classList].sort() })),
    );
    // Spans that overlap an earlier one are listed in the side panel only.
    let end = 0;
    const expected = spans
      .filter((s) => (s.start >= end ? ((end = s.end), true) : false))
      .map((s) => ({ start: s.start, end: s.end, text: NOTE.slice(s.start, s.end), classes: ['mention', ...FLAGS.filter((f) => s.assertions?.[f])].sort() }));
    expect(shown).toEqual(expected);
    // The note's whole text is there, as typed.
    expect(await page.locator('#note').textContent()).toBe(NOTE);
    // The note exercises every style.
    const classes = new Set(shown.flatMap((s) => s.classes));
    for (const f of ['negated', 'uncertain', 'historical', 'family']) expect(classes, f).toContain(f);
    const listed = await page.$$eval('#code-list li', (els) => els.map((e) => e.getAttribute('data-code')));
    expect(listed).toEqual([...new Set(spans.map((s) => s.concepts[0]?.code).filter((c) => c !== undefined))]);
    expect(pageErrors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#note .mention').first().click();
    await page.screenshot({ path: join(ARTIFACTS, 'viewer.png'), fullPage: true });
  });

  it('shows a span\'s candidates, rules and section on click and from the keyboard', async () => {
    const spans = await apiSpans(NOTE);
    await detectInPage(NOTE);
    const negated = spans.findIndex((s) => s.assertions?.negated);
    expect(negated).toBeGreaterThanOrEqual(0);
    const span = spans[negated] as Span;
    await page.locator(`#note .mention[data-index="${negated}"]`).click();
    await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
    const rows = await page.$$eval('#candidates tbody tr', (els) => els.map((e) => e.getAttribute('data-code')));
    expect(rows).toEqual(span.concepts.map((c) => c.code));
    expect(await page.locator('#detail [data-fact="rules fired"]').textContent()).toBe((span.rules ?? []).join(', '));
    expect(await page.locator('#detail [data-fact="section"]').textContent()).toBe(span.section ?? 'none');

    // Keyboard: Tab from the Detect button reaches the first mention; Enter opens it.
    await page.locator('#detect').focus();
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'mention'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement?.classList.contains('mention') ? 'mention' : (document.activeElement?.id ?? '')));
    }
    expect(focused).toBe('mention');
    const index = Number(await page.evaluate(() => document.activeElement?.getAttribute('data-index')));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.$$eval('#candidates tbody tr', (els) => els.map((e) => e.getAttribute('data-code')))).toEqual(spans[index]?.concepts.map((c) => c.code));
    // Every control is labelled.
    expect(await page.locator('label[for="note-input"]').count()).toBe(1);
    expect(await page.locator('label[for="search"]').count()).toBe(1);
  });

  it('searches codes as the search API answers', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#search').pressSequentially('diab typ 2 kid');
    const api = (await (await fetch(`${base}/search?terms=${encodeURIComponent('diab typ 2 kid')}&maxList=10`)).json()) as { results: Array<{ code: string }> };
    expect(api.results.map((r) => r.code)).toContain('E11.22');
    await expect.poll(() => page.$$eval('#search-results li', (els) => els.map((e) => e.getAttribute('data-code')))).toEqual(api.results.map((r) => r.code));
  });
});

describe('a note is text, never markup', () => {
  const attacks = [
    '<script>window.__pwned = "script"</script> chest pain',
    'fever <img src=x onerror="window.__pwned = \'img\'"> and cough',
    'asthma </textarea><b id="injected">bold</b><textarea> pneumonia',
    '<svg onload="window.__pwned = \'svg\'"></svg> denies headache & "quotes" \'too\'',
  ];

  it.each(attacks)('%s shows as typed and runs nothing', async (note) => {
    await detectInPage(note);
    expect(await page.locator('#note').textContent()).toBe(note);
    expect(await page.locator('#note-input').inputValue()).toBe(note);
    expect(await page.locator('#note script, #note img, #note b, #note svg, #note textarea').count()).toBe(0);
    expect(await page.locator('#injected').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  });

  it('a search for markup shows no markup either', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#search').fill('<img src=x onerror="window.__pwned=1"> asthma');
    await page.locator('#search').press('Enter');
    await page.waitForFunction(() => (document.getElementById('search-status')?.textContent ?? '') !== '');
    expect(await page.locator('#search-results img').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  });
});

describe('GET /search', () => {
  const get = async (q: string) => {
    const res = await fetch(`${base}/search${q}`);
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('takes terms and maxList as the NLM Clinical Tables API does', async () => {
    const engine = pool.engine;
    expect(await get('?terms=chf&maxList=3')).toEqual({ status: 200, json: { terms: 'chf', results: engine.search('chf', { limit: 3 }) } });
    expect((await get('?terms=E11.2&billable=true')).json).toEqual({ terms: 'E11.2', results: engine.search('E11.2', { billableOnly: true }) });
  });

  it('answers 400 naming the parameter', async () => {
    expect(await get('')).toMatchObject({ status: 400, json: { error: { code: 'E_INPUT_INVALID' } } });
    expect(await get('?terms=x&maxList=0')).toMatchObject({ status: 400, json: { error: { code: 'E_OPTION_INVALID', issues: [{ path: 'maxList' }] } } });
    expect(await get('?terms=x&billable=maybe')).toMatchObject({ status: 400, json: { error: { code: 'E_OPTION_INVALID' } } });
    expect(await get(`?terms=${'a'.repeat(600)}`)).toMatchObject({ status: 400, json: { error: { code: 'E_INPUT_INVALID' } } });
  });
});
