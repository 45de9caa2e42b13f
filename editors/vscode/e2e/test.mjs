// Drives a real VS Code (code-server, started by run.sh) in headless chromium and checks the
// Journey extension as a user sees it:
//   1. opening a .journey file selects the language mode `Journey` (status bar);
//   2. the TextMate grammar colours it (keywords, names, strings, numbers in their theme colours);
//   3. (JOURNEY_E2E_LSP=1) the language server: an error squiggle on a broken line, a hover on a
//      persona reference showing the persona's summary, completion after `channel ` offering
//      `email`.
// Prints `N passed, N failed` and exits non-zero on any failure.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is not set (run e2e/run.sh)`);
  return v;
};
const URL = env('JOURNEY_E2E_URL');
const WORKSPACE = env('JOURNEY_E2E_WORKSPACE');
const EXAMPLE = env('JOURNEY_E2E_EXAMPLE');
const LSP = env('JOURNEY_E2E_LSP', '0') === '1';
const SCREENSHOT = env('JOURNEY_E2E_SCREENSHOT');
// run.sh sets this when no journey binary exists anywhere: the extension must say so.
const EXPECT_NO_SERVER = env('JOURNEY_E2E_EXPECT_NO_SERVER', '0') === '1';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = Number(process.env.JOURNEY_E2E_TIMEOUT ?? 60000);

// Default Dark Modern colours of the scopes our grammar assigns.
const THEME = {
  keyword: 'rgb(86, 156, 214)', // storage.type / keyword (#569CD6)
  typeName: 'rgb(78, 201, 176)', // entity.name.type (#4EC9B0)
  functionName: 'rgb(220, 220, 170)', // entity.name.function (#DCDCAA)
  string: 'rgb(206, 145, 120)', // string (#CE9178)
  comment: 'rgb(106, 153, 85)', // comment (#6A9955)
  number: 'rgb(181, 206, 168)', // constant.numeric (#B5CEA8)
};

// Where a screenshot of each failed check goes (run.sh: its work directory).
const FAILSHOTS = process.env.JOURNEY_E2E_FAILSHOTS;
let currentPage = null;
let passed = 0;
let failed = 0;
const results = [];
async function check(name, fn, { attempts = 1 } = {}) {
  const t0 = Date.now();
  const failures = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await fn();
      passed++;
      const note = failures.length ? ` (attempt ${attempt}; earlier: ${failures.join('; ')})` : '';
      results.push(`ok   ${name} (${Date.now() - t0} ms)${note}`);
      console.log(`ok   ${name}${note}`);
      return;
    } catch (err) {
      failures.push(err.message);
      // What the page showed when the check failed (run.sh keeps the work directory).
      if (FAILSHOTS && currentPage) {
        const shot = join(FAILSHOTS, `fail-${failed + 1}-${attempt}.png`);
        await currentPage.screenshot({ path: shot }).catch(() => {});
        console.log(`     (attempt ${attempt} failed: ${err.message}; screenshot ${shot})`);
        if (currentPage) console.log(`     page state: ${await pageState(currentPage)}`);
      }
      if (attempt === attempts) {
        failed++;
        results.push(`FAIL ${name}: ${err.message}`);
        console.log(`FAIL ${name}\n     ${String(err.stack ?? err).split('\n').slice(0, 6).join('\n     ')}`);
      } else if (currentPage) {
        await closeQuickInput(currentPage).catch(() => {});
        await currentPage.keyboard.press('Escape').catch(() => {});
      }
    }
  }
}

/** What the workbench shows, for a failure message: the active tabs and any open picker's rows. */
function pageState(page) {
  return page
    .evaluate(() => {
      const tabs = [...document.querySelectorAll('.tab.active')].map((t) => t.textContent.trim());
      const rows = [...document.querySelectorAll('.quick-input-list .monaco-list-row')].slice(0, 5).map((r) => r.textContent.trim());
      const input = document.querySelector('.quick-input-widget input')?.value;
      return JSON.stringify({ tabs, quickInput: input ?? null, rows });
    })
    .catch((e) => `unavailable (${e.message})`);
}

/** `page.waitForFunction` whose timeout says what was awaited. */
async function waitUntil(page, what, fn, arg, timeout = TIMEOUT) {
  try {
    return await page.waitForFunction(fn, { timeout }, arg);
  } catch (err) {
    throw new Error(`waited ${Math.round(timeout / 1000)} s for ${what}: ${err.message}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- page helpers -----------------------------------------------------------------------------
const quickInputOpen = (page) =>
  page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    return !!w && w.style.display !== 'none' && w.offsetParent !== null;
  });

/**
 * Closes a quick input left open (e.g. by a step that failed), so that the next picker starts
 * from a closed one and no step types into another step's picker.
 */
async function closeQuickInput(page) {
  for (let i = 0; i < 10 && (await quickInputOpen(page)); i++) {
    await page.keyboard.press('Escape');
    await sleep(150);
  }
  await waitQuickInputClosed(page);
}

async function waitQuickInputClosed(page) {
  await waitUntil(
    page,
    'the picker to close',
    () => {
      const w = document.querySelector('.quick-input-widget');
      return !w || w.style.display === 'none' || w.offsetParent === null;
    },
  );
}

async function runCommandPalette(page, text) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { visible: true });
  await page.keyboard.type(text);
  // The command list is filled asynchronously: run the command only once it is listed.
  await waitUntil(
    page,
    `the command palette to list "${text}"`,
    (t) => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some((r) => r.textContent.includes(t)),
    text,
  );
  await sleep(200);
  await page.keyboard.press('Enter');
  await waitQuickInputClosed(page);
}

async function openFile(page, name) {
  await closeQuickInput(page);
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyP');
  await page.keyboard.up('Control');
  await page.waitForSelector('.quick-input-widget input', { visible: true });
  await page.keyboard.type(name);
  // Wait until the file is the first result, then open it.
  await waitUntil(
    page,
    `quick open to list ${name}`,
    (n) => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some((r) => r.textContent.includes(n)),
    name,
  );
  await sleep(300);
  await page.keyboard.press('Enter');
  await waitUntil(
    page,
    `the tab of ${name} to be active`,
    (n) => document.querySelector('.tab.active')?.textContent.includes(n),
    name,
  );
  await waitQuickInputClosed(page);
  await focusEditor(page);
}

async function focusEditor(page) {
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { visible: true });
  await page.click('.editor-instance .monaco-editor .view-lines');
}

/** Moves the cursor to a 1-based line and column with Go to Line (Ctrl+G "L:C"). */
async function goTo(page, line, column = 1) {
  for (let attempt = 0; ; attempt++) {
    await closeQuickInput(page);
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyG');
    await page.keyboard.up('Control');
    await page.waitForSelector('.quick-input-widget input', { visible: true });
    await page.keyboard.type(`${line}:${column}`);
    await sleep(200);
    await page.keyboard.press('Enter');
    // With the map preview open, the webview can hold the focus: Go to Line then has no text
    // editor to go to ("Open a text editor first") and stays open. Give the focus back to the
    // first group's editor and try once more.
    if (attempt === 0) {
      const closed = await waitUntil(
        page,
        'Go to Line to close',
        () => {
          const w = document.querySelector('.quick-input-widget');
          return !w || w.style.display === 'none' || w.offsetParent === null;
        },
        undefined,
        5000,
      ).then(
        () => true,
        () => false,
      );
      if (!closed) {
        await page.keyboard.press('Escape');
        await runCommandPalette(page, 'View: Focus First Editor Group');
        continue;
      }
    }
    await waitQuickInputClosed(page);
    await sleep(300);
    return;
  }
}

/** The visible tokens of the active editor: text and computed colour. */
function visibleTokens(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    const out = [];
    for (const line of editor.querySelectorAll('.view-lines .view-line')) {
      for (const span of line.querySelectorAll(':scope > span > span')) {
        const text = span.textContent.replace(/\u00a0/g, ' ');
        if (text.trim() === '') continue;
        out.push({ text: text.trim(), color: getComputedStyle(span).color, cls: span.className });
      }
    }
    return out;
  });
}

function colorOf(tokens, text) {
  return tokens.find((t) => t.text === text)?.color;
}

// The files the checks open, written before the workbench loads: quick open lists what the
// workspace held when it indexed it, and a file written later can stay out of its results for
// longer than a check waits. They go in a folder of their own (with what the example imports),
// so that the explorer in the screenshots shows the examples.
const E2E_DIR = join(WORKSPACE, 'e2e');
mkdirSync(E2E_DIR, { recursive: true });
writeFileSync(join(E2E_DIR, 'words_e2e.journey'), 'team check-in "Check-in"\nteam świadomość "Świadomość"\nteam chec\n');
writeFileSync(
  join(E2E_DIR, 'broken_e2e.journey'),
  'journey broken_e2e "Broken" {\n    goal "g"\n    stage s {\n        touchpoint t {\n            channel web\n            emotoin 3\n        }\n    }\n}\n',
);
writeFileSync(join(E2E_DIR, 'map_e2e.journey'), readFileSync(join(WORKSPACE, EXAMPLE), 'utf8'));
for (const name of readdirSync(WORKSPACE).filter((n) => n.endsWith('.journey'))) {
  const text = readFileSync(join(WORKSPACE, name), 'utf8');
  // What the example imports, beside the copy (files without journeys).
  if (!/^journey\s/m.test(text)) writeFileSync(join(E2E_DIR, name), text);
}

// --- the test ---------------------------------------------------------------------------------
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  userDataDir: env('JOURNEY_E2E_PROFILE'),
  defaultViewport: { width: 1400, height: 1000 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
  ],
});
const pidFile = process.env.JOURNEY_E2E_CHROMIUM_PID_FILE;
if (pidFile && browser.process()) writeFileSync(pidFile, String(browser.process().pid));

let exitCode = 1;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  currentPage = page;
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });

  await check('VS Code (code-server) loads the workbench', async () => {
    await page.goto(URL, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench .part.statusbar', { visible: true, timeout: 120000 });
    // The explorer shows the workspace once the remote extension host is connected.
    await waitUntil(
      page,
      'the explorer to show the workspace',
      (n) => document.querySelector('.explorer-folders-view')?.textContent.includes(n),
      EXAMPLE,
      120000,
    );
  });

  await check(`opening ${EXAMPLE} selects the language mode "Journey"`, async () => {
    await openFile(page, EXAMPLE);
    await waitUntil(
      page,
      'the status bar to say the language mode is Journey',
      () => document.querySelector('[id="status.editor.mode"]')?.textContent.trim() === 'Journey',
    );
  });

  await check('the TextMate grammar colours keywords, names, strings and numbers', async () => {
    await goTo(page, 1, 1);
    // Tokenization is asynchronous: wait until the visible text has several colours.
    await waitUntil(
      page,
      'the editor to show five or more token colours',
      () => {
        const spans = document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line > span > span');
        return new Set([...spans].map((s) => getComputedStyle(s).color)).size >= 5;
      },
    );
    const tokens = await visibleTokens(page);
    const colours = new Set(tokens.map((t) => t.color));
    assert(colours.size >= 5, `only ${colours.size} colours on screen`);
    const expect = (text, colour, what) => {
      const c = colorOf(tokens, text);
      assert(c, `no visible token ${JSON.stringify(text)} (${what})`);
      assert(c === colour, `${JSON.stringify(text)} (${what}) is ${c}, expected ${colour}`);
    };
    const source = readFileSync(join(WORKSPACE, EXAMPLE), 'utf8');
    const journey = source.match(/^journey\s+([\p{L}_][\p{L}\p{N}_-]*)/mu);
    assert(journey, 'the example has no journey');
    expect('journey', THEME.keyword, 'storage.type.journey');
    expect(journey[1], THEME.functionName, 'entity.name.function.journey');
    expect('goal', THEME.keyword, 'keyword.other.goal');
    const firstString = tokens.find((t) => t.text.startsWith('"') || /^"/.test(t.text));
    assert(firstString, 'no visible string token');
    assert(firstString.color === THEME.string, `string token ${firstString.text} is ${firstString.color}`);
    const stringBody = tokens.find((t, i) => i > 0 && tokens[i - 1].text === '"' && t.color === THEME.string);
    assert(stringBody || firstString, 'no string body');
    const number = tokens.find((t) => /^-?\d+(\.\d+)?$/.test(t.text));
    assert(number, 'no visible number');
    assert(number.color === THEME.number, `number ${number.text} is ${number.color}, expected ${THEME.number}`);
    const plain = tokens.find((t) => t.text === 'traveler' || t.text === 'marketing');
    if (plain) assert(plain.color !== THEME.keyword, `reference ${plain.text} coloured as a keyword`);
    const comment = tokens.find((t) => t.text.startsWith('//') || t.text.startsWith('///'));
    if (comment) assert(comment.color === THEME.comment, `comment is ${comment.color}`);
  });

  if (EXPECT_NO_SERVER) {
    await check('without a server, an error names `journey.server.path` and how to install', async () => {
      await waitUntil(
        page,
        'a notification naming `journey.server.path`',
        () =>
          [...document.querySelectorAll('.notifications-toasts .notification-list-item-message, .notification-toast')].some(
            (e) => e.textContent.includes('journey.server.path') && e.textContent.includes('cargo install --path crates/journey-cli'),
          ),
      );
    });
  }

  // A clean screenshot of the highlighted example: without notification toasts.
  await runCommandPalette(page, 'Notifications: Clear All Notifications');
  await sleep(500);
  await page.screenshot({ path: SCREENSHOT });
  console.log(`screenshot: ${SCREENSHOT}`);

  await check('language configuration: `check-in` and `świadomość` are one word; Ctrl+/ comments', async () => {
    await openFile(page, 'words_e2e.journey');
    const selected = async (line, col) => {
      await page.keyboard.press('Escape');
      await goTo(page, line, col);
      await page.keyboard.down('Control');
      await page.keyboard.press('KeyD'); // selects the word at the cursor (wordPattern)
      await page.keyboard.up('Control');
      const h = await waitUntil(
        page,
        'the status bar to count the selected characters',
        () => document.querySelector('[id="status.editor.selection"]')?.textContent.match(/\((\d+) selected\)/)?.[1],
      );
      return Number(await h.jsonValue());
    };
    const a = await selected(1, 9);
    assert(a === 'check-in'.length, `Ctrl+D in check-in selected ${a} characters`);
    const b = await selected(2, 9);
    assert(b === 'świadomość'.length, `Ctrl+D in świadomość selected ${b} characters`);
    // Word-based completion splits the document into words with the language's wordPattern.
    if (!LSP) {
      await page.keyboard.press('Escape');
      await goTo(page, 3, 10);
      await page.keyboard.down('Control');
      await page.keyboard.press('Space');
      await page.keyboard.up('Control');
      await waitUntil(
        page,
        'word completion to offer `check-in`',
        () => [...document.querySelectorAll('.suggest-widget .monaco-list-row')].some((r) => r.textContent.includes('check-in')),
      );
      await page.keyboard.press('Escape');
    }
    await page.keyboard.press('Escape');
    await goTo(page, 1, 1);
    await page.keyboard.down('Control');
    await page.keyboard.press('Slash');
    await page.keyboard.up('Control');
    await waitUntil(
      page,
      'Ctrl+/ to comment the first line',
      () => document.querySelector('.editor-instance .monaco-editor .view-lines .view-line')?.textContent.replace(/\u00a0/g, ' ').startsWith('// team'),
    );
    await runCommandPalette(page, 'File: Revert File');
  });

  if (LSP) {
    await check('the language server reports an error squiggle on a broken line', async () => {
      await openFile(page, 'broken_e2e.journey');
      await page.waitForSelector('.editor-instance .monaco-editor .squiggly-error', { timeout: TIMEOUT });
    });

    await check('hovering a persona reference shows the persona', async () => {
      await openFile(page, EXAMPLE);
      const lines = readFileSync(join(WORKSPACE, EXAMPLE), 'utf8').split('\n');
      const lineIdx = lines.findIndex((l) => /^\s*for\s+[\p{L}_]/u.test(l));
      assert(lineIdx >= 0, `${EXAMPLE} has no \`for PERSONA\` line`);
      const persona = lines[lineIdx].match(/^\s*for\s+([\p{L}_][\p{L}\p{N}_-]*)/u)[1];
      const col = lines[lineIdx].indexOf(persona) + 2;
      // The persona's label, wherever it is defined (the example may import it).
      let label = null;
      for (const f of readdirSync(WORKSPACE).filter((n) => n.endsWith('.journey'))) {
        const m = readFileSync(join(WORKSPACE, f), 'utf8').match(new RegExp(`^persona\\s+${persona}\\s+"([^"]*)"`, 'mu'));
        if (m) label = m[1];
      }
      await goTo(page, lineIdx + 1, col);
      await page.keyboard.down('Control');
      await page.keyboard.press('KeyK');
      await page.keyboard.press('KeyI');
      await page.keyboard.up('Control');
      const text = await waitUntil(page, 'a hover with text', () => {
        const h = [...document.querySelectorAll('.monaco-hover')].find((e) => e.offsetParent !== null && e.textContent.trim() !== '');
        return h?.textContent;
      }).then((h) => h.jsonValue());
      assert(text.includes(persona) || (label && text.includes(label)), `hover text: ${text}`);
      if (label) assert(text.includes(label), `hover does not show the label "${label}": ${text}`);
      await page.keyboard.press('Escape');
    });

    await check('completion after `channel ` offers `email`', async () => {
      const lines = readFileSync(join(WORKSPACE, EXAMPLE), 'utf8').split('\n');
      const lineIdx = lines.findIndex((l) => /^\s*channel\s+\S/.test(l) && /^\s{8,}/.test(l));
      assert(lineIdx >= 0, 'no `channel` statement in a touchpoint');
      await goTo(page, lineIdx + 1, lines[lineIdx].length + 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('channel ', { delay: 30 });
      await page.keyboard.down('Control');
      await page.keyboard.press('Space');
      await page.keyboard.up('Control');
      await waitUntil(
        page,
        "completion to offer the server's `email`",
        () =>
          [...document.querySelectorAll('.suggest-widget .monaco-list-row')].some(
            (r) =>
              /(^|\W)email(\W|$)/.test(r.textContent) &&
              // not VS Code's word-based suggestion (the example's own `email`): the server's
              !r.querySelector('.suggest-icon')?.className.includes('codicon-symbol-text'),
          ),
      );
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-lsp.png') });
      await page.keyboard.press('Escape');
      await runCommandPalette(page, 'File: Revert File');
    });

    if (process.env.JOURNEY_E2E_MOCK === '1') {
      console.log('skip the map preview (the mock server does not draw maps)');
    } else {
      await check('Journey: Open Map Preview shows the map and follows an edit to an emotion', async () => {
        // A copy of the example written before the workbench loaded (earlier steps type into
        // the workspace's own copy).
        const source = readFileSync(join(E2E_DIR, 'map_e2e.journey'), 'utf8');
        await openFile(page, 'map_e2e.journey');
        // A second attempt starts from the file as written, not from the first one's edit.
        await runCommandPalette(page, 'File: Revert File');
        await focusEditor(page);
        const stage = source.match(/^\s*stage\s+\S+\s+"([^"]+)"/mu);
        assert(stage, `${EXAMPLE} has no labelled stage`);
        const lines = source.split('\n');
        const lineIdx = lines.findIndex((l) => /^\s*emotion\s+\d+\s*$/.test(l));
        assert(lineIdx >= 0, `${EXAMPLE} has no emotion`);
        const tpLine = lines.slice(0, lineIdx).findLastIndex((l) => /^\s*touchpoint\s+\S+/.test(l));
        const touchpoint = lines[tpLine].match(/^\s*touchpoint\s+(\S+)/)[1];
        const before = Number(lines[lineIdx].match(/\d+/)[0]);
        const after = before === 1 ? 2 : 1;
        await focusEditor(page);
        await runCommandPalette(page, 'Journey: Open Map Preview');
        // The webview is a frame of frames: poll every frame for the map.
        const inMap = async (fn, arg) => {
          const deadline = Date.now() + TIMEOUT;
          for (;;) {
            for (const frame of page.frames()) {
              // The preview replaces its frame on every update: a frame listed a moment ago may
              // be gone, and puppeteer then throws before it returns a promise.
              let value = null;
              try {
                value = frame.detached ? null : await frame.evaluate(fn, arg);
              } catch {
                value = null;
              }
              if (value) return value;
            }
            assert(Date.now() < deadline, 'the map preview never showed what was expected');
            await sleep(250);
          }
        };
        await inMap((label) => document.querySelector('[data-stage]') && document.body.textContent.includes(label), stage[1]);
        // Runs in the webview's frame: the rating the curve shows for a touchpoint.
        const emotionOf = (id) =>
          document.querySelector(`.curve-point[data-touchpoint="${CSS.escape(id)}"]`)?.getAttribute('data-emotion') ?? null;
        const shown = await inMap(emotionOf, touchpoint);
        assert(Number(shown) === before, `the curve shows ${shown} for ${touchpoint}, the file says ${before}`);
        await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-map.png') });
        // Type a new rating (unsaved): the preview follows.
        await focusEditor(page);
        await goTo(page, lineIdx + 1, lines[lineIdx].length + 1);
        await page.keyboard.press('End');
        for (let i = 0; i < String(before).length; i++) await page.keyboard.press('Backspace');
        await page.keyboard.type(String(after), { delay: 30 });
        await inMap(
          ([id, want]) =>
            document.querySelector(`.curve-point[data-touchpoint="${CSS.escape(id)}"]`)?.getAttribute('data-emotion') === want
              ? 'updated'
              : null,
          [touchpoint, String(after)],
        );
        await runCommandPalette(page, 'File: Revert File');
        // A second attempt: in CI this check once lost a poll to a preview frame that was replaced
        // while it was read (handled above now). Both attempts are printed with their page state.
      }, { attempts: 2 });
    }
  } else {
    console.log('skip language-server checks (JOURNEY_E2E_LSP=0): diagnostics, hover, completion');
  }

  if (consoleErrors.length) {
    console.log(`browser console errors (informational, ${consoleErrors.length}):`);
    for (const e of consoleErrors.slice(0, 10)) console.log(`  ${e.slice(0, 200)}`);
  }
  exitCode = failed === 0 ? 0 : 1;
} catch (err) {
  console.log(`FAIL e2e harness: ${err.stack ?? err}`);
  failed++;
} finally {
  await browser.close().catch(() => {});
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
