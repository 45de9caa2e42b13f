// The HTML and SVG maps of every example in headless Chromium (Debian's
// `chromium`, driven by puppeteer-core): no console error, no network
// request, every stage and touchpoint label in the DOM, one curve point per
// rated touchpoint, no serious or critical axe-core violation (light and
// dark), and the SVG parses as XML and renders. Screenshots of each HTML map
// go to $SCREENSHOT_DIR (default: docs/maps/, where the README finds them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import {
  PERSONA_CURVES,
  examples,
  expected,
  personaCurves,
  render,
  repo,
  run,
  scratch,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core');
const screenshots = process.env.SCREENSHOT_DIR
  ? path.resolve(process.env.SCREENSHOT_DIR)
  : path.join(repo, 'docs/maps');
const dir = scratch();
let browser;

before(async () => {
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
});

/** Opens a file and records console errors and every request made. */
async function open(file, { dark = false } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1600, height: 1000 });
  await page.emulateMediaFeatures([
    { name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' },
  ]);
  const errors = [];
  const requests = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => requests.push(request.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, others: () => requests.filter((r) => r !== url) };
}

/** The persona curve points on the page, in document order. */
async function drawnPersonaPoints(page) {
  return page.$$eval('.persona-curve-point', (nodes) =>
    nodes.map((n) => ({
      persona: n.getAttribute('data-persona'),
      touchpoint: n.getAttribute('data-touchpoint'),
      emotion: Number(n.getAttribute('data-emotion')),
    })),
  );
}

/**
 * Each persona curve's points equal the compiled model's, and the legend
 * names each persona by its label.
 */
async function checkPersonaCurves(page, model) {
  assert.deepEqual(await drawnPersonaPoints(page), personaCurves(model));
  const labels = new Map(model.personas.map((p) => [p.id, p.label]));
  const personas = [...new Set(personaCurves(model).map((p) => p.persona))];
  const legend = await page.$$eval('.curve-legend-entry[data-persona]', (nodes) =>
    nodes.map((n) => ({ persona: n.getAttribute('data-persona'), title: n.querySelector('title').textContent })),
  );
  assert.deepEqual(
    legend.map((e) => e.persona),
    personas,
    'one legend entry per persona curve',
  );
  for (const entry of legend) {
    assert.ok(entry.title.startsWith(`${labels.get(entry.persona)}:`), entry.title);
  }
}

async function seriousViolations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run());
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const example of examples()) {
  test(`HTML map of ${example.name} in Chromium`, async () => {
    const file = path.join(dir, `${example.name}.html`);
    writeFileSync(file, render(example.file, 'html'));
    const { page, errors, others } = await open(file);
    try {
      const want = expected(example.model);
      const text = await page.evaluate(() => document.body.textContent);
      for (const label of [...want.stages, ...want.touchpoints]) {
        assert.ok(text.includes(label), `label ${label} is on the page`);
      }
      const points = await page.$$eval('svg.curve .curve-point', (nodes) => nodes.length);
      assert.equal(points, want.rated, 'one curve point per rated touchpoint');
      await checkPersonaCurves(page, example.model);
      const cards = await page.$$eval('article.card', (nodes) => nodes.length);
      assert.equal(cards, want.touchpoints.length);
      // Stage headers stay in view while the map scrolls down.
      const sticky = await page.$eval('.stage', (el) => getComputedStyle(el).position);
      assert.equal(sticky, 'sticky');
      assert.deepEqual(await seriousViolations(page), []);
      // The picture shows every lane: the map's own scroll box is lifted.
      await page.addStyleTag({ content: '.scroller{max-height:none}' });
      await page.screenshot({ path: path.join(screenshots, `${example.name}.png`), fullPage: true });
      assert.deepEqual(errors, [], 'no console errors');
      assert.deepEqual(others(), [], 'no network requests');
    } finally {
      await page.close();
    }
  });

  test(`HTML map of ${example.name} in dark mode passes axe`, async () => {
    const file = path.join(dir, `${example.name}.html`);
    writeFileSync(file, render(example.file, 'html'));
    const { page } = await open(file, { dark: true });
    try {
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      assert.notEqual(background, 'rgb(255, 255, 255)', 'dark mode applies');
      assert.deepEqual(await seriousViolations(page), []);
    } finally {
      await page.close();
    }
  });

  test(`SVG map of ${example.name} parses as XML and renders`, async () => {
    const svg = render(example.file, 'svg');
    const file = path.join(dir, `${example.name}.svg`);
    writeFileSync(file, svg);
    const { page, errors, others } = await open(file);
    try {
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
        return {
          error: doc.getElementsByTagName('parsererror').length > 0,
          root: doc.documentElement.nodeName,
        };
      }, svg);
      assert.deepEqual(parsed, { error: false, root: 'svg' });
      const box = await page.evaluate(() => {
        const b = document.documentElement.getBBox();
        return { width: b.width, height: b.height };
      });
      assert.ok(box.width > 400 && box.height > 300, JSON.stringify(box));
      const want = expected(example.model);
      const points = await page.$$eval('.curve-point', (nodes) => nodes.length);
      assert.equal(points, want.rated);
      await checkPersonaCurves(page, example.model);
      const text = await page.evaluate(() => document.documentElement.textContent);
      for (const label of want.stages) assert.ok(text.includes(label), label);
      assert.deepEqual(errors, []);
      assert.deepEqual(others(), []);
    } finally {
      await page.close();
    }
  });
}

for (const format of ['html', 'svg']) {
  test(`persona curves of buyer vs user in the ${format.toUpperCase()} map`, async () => {
    const source = path.join(dir, 'persona_curves.journey');
    writeFileSync(source, PERSONA_CURVES);
    const model = JSON.parse(run(['compile', source]));
    const file = path.join(dir, `persona_curves.${format}`);
    writeFileSync(file, run(['render', source, '--format', format]));
    for (const dark of format === 'html' ? [false, true] : [false]) {
      const { page, errors, others } = await open(file, { dark });
      try {
        // Own ratings, the fallback, and no point where the user is not in
        // the audience (the contract).
        assert.deepEqual(personaCurves(model), [
          { persona: 'user', touchpoint: 'demo', emotion: 2 },
          { persona: 'user', touchpoint: 'rollout', emotion: 3 },
          { persona: 'buyer', touchpoint: 'demo', emotion: 4 },
          { persona: 'buyer', touchpoint: 'contract', emotion: 5 },
          { persona: 'buyer', touchpoint: 'rollout', emotion: 3 },
        ]);
        await checkPersonaCurves(page, model);
        const feeling = await page.$eval(
          '.persona-curve-point[data-persona="user"][data-touchpoint="demo"] title',
          (t) => t.textContent,
        );
        assert.match(feeling, /bored/);
        const desc = await page.$eval('.curve desc', (d) => d.textContent);
        assert.match(desc, /User of the product \(dashed line, square points\)/);
        assert.match(desc, /Buyer \(dotted line, triangle points\)/);
        if (format === 'html') assert.deepEqual(await seriousViolations(page), []);
        assert.deepEqual(errors, []);
        assert.deepEqual(others(), []);
      } finally {
        await page.close();
      }
    }
  });
}
