// Drives Tolk's web page in Debian's headless Chromium with playwright-core: translate, attention
// map, a training job (curves, cancel, resume), models (make default), screenshots of each view at
// desktop and phone widths, and no console errors anywhere. Run by BrowserPageTest:
//   node page.cjs <base url> <screenshot dir> <corpus.tsv> <source text> <expected translation> <its model>
// or, against a server with API keys (the key dialog, a translation key, what it may not see):
//   node page.cjs --keys <base url> <screenshot dir> <translation key> <admin key> <source text> <expected>
// Prints one line per check; exits 1 with the reason at the first failure.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const KEYS = process.argv[2] === '--keys';
const [base, shots, corpus, sourceText, expected, model] = process.argv.slice(2);
const executablePath = process.env.TOLK_CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 60_000;

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`ok ${message}`);
}

async function points(page, id) {
  return Number((await page.getAttribute(`#${id}`, 'data-points')) || '0');
}

/** Waits until the chart has more than `than` points. */
async function morePoints(page, id, than) {
  await page.waitForFunction(
    ([id, than]) => Number(document.getElementById(id).dataset.points || '0') > than,
    [id, than],
    { timeout: STEP_MS },
  );
  return points(page, id);
}

async function newPage(browser, viewport, errors, label) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${label}: console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${label}: page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const failure = r.failure()?.errorText || '';
    if (!failure.includes('ERR_ABORTED')) errors.push(`${label}: request failed: ${r.url()} ${failure}`);
  });
  return page;
}

async function view(page, name) {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`#view-${name}:not([hidden])`);
}

/** Translates; with `chosen`, in that model (the Model and search options), else the default. */
async function translate(page, chosen) {
  await page.goto(`${base}/#translate`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('#source option[value="en"]', { state: 'attached' });
  await page.selectOption('#source', 'en');
  await page.selectOption('#target', 'de');
  if (chosen) {
    await page.click('#translate-form details.options summary');
    await page.selectOption('#model', chosen);
  }
  await page.fill('#text', sourceText);
  await page.waitForFunction((want) => document.getElementById('output').textContent === want, expected);
  check(true, `translate view shows "${expected}" for "${sourceText}"`);
  const meta = await page.textContent('#translate-meta');
  const confidence = await page.evaluate(async ([text, model]) => {
    const r = await fetch('/translate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, source: 'en', target: 'de', model }),
    });
    return (await r.json()).translations[0].confidence;
  }, [sourceText, chosen]);
  const doubtful = await page.evaluate(() => document.getElementById('output').classList.contains('doubtful'));
  check(
    meta.includes(`confidence ${Math.round(confidence * 100)} %`) && doubtful === confidence < 0.3,
    `the translation's confidence is shown (${meta}; API ${confidence}), marked doubtful only below 30 %`,
  );
  const files = await page.evaluate(async () => (await (await fetch('/frontend/settings')).json()).filesTranslation);
  check(
    (await page.isVisible('#file-form')) === Boolean(files),
    `document upload ${files ? 'shown' : 'hidden'}, as /frontend/settings says (filesTranslation ${files})`,
  );
  if (files && !chosen) {
    await page.setInputFiles('#file', { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(`${sourceText}\n`) });
    await page.click('#file-form button[type="submit"]');
    const link = page.locator('#file-status a');
    await link.waitFor();
    const download = await link.getAttribute('download');
    const text = await page.evaluate(async (href) => (await fetch(href)).text(), await link.getAttribute('href'));
    check(
      text.trim() === expected && download === 'note.txt',
      `a document is translated and offered for download (${download}: ${JSON.stringify(text)})`,
    );
  }
  const suggestions = await page.evaluate(async () => (await (await fetch('/frontend/settings')).json()).suggestions);
  check((await page.isVisible('#suggest')) === Boolean(suggestions), `suggestions ${suggestions ? 'offered' : 'hidden'}, as /frontend/settings says`);
  if (suggestions && !chosen) {
    await page.click('#suggest');
    await page.fill('#suggestion', `${expected} z0`);
    await page.click('#suggest-send');
    await page.waitForFunction(() => /Thank you/.test(document.getElementById('translate-status').textContent));
    const kept = await page.evaluate(async () => (await (await fetch('/datasets')).json()).map((d) => d.id));
    check(kept.includes('suggestions-en-de'), `a correction is sent to /suggest and kept (${kept})`);
  }
  const count = await page.textContent('#count');
  check(/\/ [\d,]+ characters/.test(count), `character limit shown (${count})`);

  await page.waitForSelector('#attention:not([hidden]) table.heatmap');
  const shape = await page.evaluate(async ([text, model]) => {
    const r = await fetch('/translate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, source: 'en', target: 'de', attention: true, model }),
    });
    const t = (await r.json()).translations[0];
    return { source: t.sourceTokens.length, target: t.targetTokens.length };
  }, [sourceText, chosen]);
  const cells = await page.locator('#heatmap td.cell').count();
  check(
    cells === shape.source * shape.target && cells > 0,
    `heat map has one cell per token pair (${shape.target} × ${shape.source} = ${cells})`,
  );
  await page.hover('#heatmap td.cell >> nth=0');
  const readout = await page.textContent('#attention-readout');
  check(/attends to .*: \d\.\d{3}/.test(readout), `hover reads a value (${readout})`);
  await page.focus('#heatmap table');
  await page.keyboard.press('ArrowRight');
  check(/attends to/.test(await page.textContent('#attention-readout')), 'arrow keys move over the map');
  await page.evaluate(() => document.activeElement.blur());
  await page.hover('#heatmap td.cell >> nth=0');
}

/**
 * A glossary made over the API is offered for the pair in the options; chosen, its term comes out
 * in the translation and in a translated document, and the page says how many terms it applied.
 */
async function glossary(page) {
  const words = sourceText.split(' ');
  const term = words[words.length - 1];
  const want = [...expected.split(' ').slice(0, -1), 'Kätzchen'].join(' ');
  const id = await page.evaluate(async (term) => {
    const r = await fetch('/glossaries', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Pets', source: 'en', target: 'de', entries: [{ source: term, target: 'Kätzchen' }] }),
    });
    return (await r.json()).id;
  }, term);
  // made while the page is open: offered once the view is entered again
  await view(page, 'models');
  await view(page, 'translate');
  await page.selectOption('#source', 'en');
  await page.selectOption('#target', 'de');
  if (!(await page.isVisible('#glossary'))) await page.click('#translate-form details.options summary');
  await page.waitForSelector(`#glossary option[value="${id}"]`, { state: 'attached' });
  await page.selectOption('#glossary', id);
  await page.fill('#text', sourceText);
  await page.waitForFunction((w) => document.getElementById('output').textContent === w, want);
  const meta = await page.textContent('#translate-meta');
  check(meta.includes('glossary Pets: 1 of 1 term applied'), `a chosen glossary's term is in the translation ("${want}"; ${meta})`);
  if (await page.isVisible('#file-form')) {
    await page.setInputFiles('#file', { name: 'pets.txt', mimeType: 'text/plain', buffer: Buffer.from(`${sourceText}\n`) });
    await page.click('#file-form button[type="submit"]');
    const link = page.locator('#file-status a');
    await link.waitFor();
    const text = await page.evaluate(async (href) => (await fetch(href)).text(), await link.getAttribute('href'));
    const status = await page.textContent('#file-status');
    check(
      text.trim() === want && status.includes('glossary Pets: 1 of 1 term applied'),
      `a document is translated with the chosen glossary (${JSON.stringify(text)}; ${status})`,
    );
  }
  await page.selectOption('#glossary', 'none');
  await page.waitForFunction((w) => document.getElementById('output').textContent === w, expected);
  check(true, 'glossary None translates as the model does');
  const gone = await page.evaluate(async (id) => (await fetch(`/glossaries/${id}`, { method: 'DELETE' })).status, id);
  check(gone === 204, 'the glossary is deleted again');
}

async function train(page, phase) {
  await view(page, 'train');
  if (phase.job) return;
  await page.waitForSelector('#dataset option', { state: 'attached' });
  if (!(await page.isVisible('#up-file'))) await page.click('#upload-box summary');
  await page.setInputFiles('#up-file', corpus);
  await page.fill('#up-source-lang', 'en');
  await page.fill('#up-target-lang', 'de');
  await page.click('#upload');
  await page.waitForFunction(() => /^Kept /.test(document.getElementById('upload-status').textContent));
  check((await page.inputValue('#job-source')) === 'en', 'uploaded corpus chosen with its languages');
  await page.selectOption('#preset', 'tiny');
  await page.fill('#max-minutes', '10');
  await page.click('#more-settings summary');
  await page.fill(
    '#extra',
    JSON.stringify({
      vocabSize: 300, maxSteps: 5000, batchTokens: 256, learningRate: 0.003, warmupSteps: 10,
      evalEverySteps: 20, logEverySteps: 5, averageLast: 0, patience: 1000, finalBeamSize: 1,
    }),
  );
  await page.click('#train-form button[type="submit"]');
  await page.waitForSelector('#job[data-state="RUNNING"]');
  const first = await morePoints(page, 'chart-loss', 1);
  const later = await morePoints(page, 'chart-loss', first);
  check(later > first, `loss curve gains points while the job runs (${first} → ${later})`);
  await morePoints(page, 'chart-scores', 0);
  await morePoints(page, 'chart-lr', 1);
  await page.waitForSelector('#worst:not([hidden]) tbody tr');
  const worst = await page.locator('#worst tbody tr').count();
  check(worst >= 1 && worst <= 10, `worst held-out sentences listed (${worst})`);
  phase.job = await page.getAttribute('#job', 'data-job');
  await page.waitForTimeout(300); // let the charts draw before the screenshot
}

async function cancelAndResume(page) {
  await page.click('#cancel');
  await page.waitForSelector('#job[data-state="CANCELLED"]');
  const stopped = await points(page, 'chart-loss');
  check(await page.isVisible('#resume'), 'cancelled job offers resume');
  await page.click('#resume');
  await page.waitForSelector('#job[data-state="RUNNING"]');
  const more = await morePoints(page, 'chart-loss', stopped);
  check(more > stopped, `resumed job goes on (${stopped} → ${more} points)`);
  await page.click('#cancel');
  await page.waitForSelector('#job[data-state="CANCELLED"]');
  check(true, 'cancelled again');
}

async function models(page) {
  await view(page, 'models');
  await page.waitForSelector('#models tbody tr');
  const ids = await page.$$eval('#models tbody tr', (rows) => rows.map((r) => r.dataset.model));
  const other = ids.find((id) => id !== model);
  for (const id of [other, model]) {
    await page.click(`#models tbody tr[data-model="${id}"] button.make-default`);
    await page.waitForSelector(`#models tbody tr[data-model="${id}"] .badge`);
    const defaults = await page.$$eval('#models tbody tr:has(.badge)', (rows) => rows.map((r) => r.dataset.model));
    check(defaults.length === 1 && defaults[0] === id, `default switched to ${id}`);
  }
  await page.waitForFunction(() => Number(document.getElementById('chart-compare-bleu').dataset.points || '0') > 0);
  check(true, 'models compared on their held-out curves');
  // Delete asks first; cancelling keeps the model.
  const count = await page.locator('#models tbody tr').count();
  await page.click('#models tbody tr >> nth=0 >> button.delete');
  await page.waitForSelector('#confirm-dialog[open]');
  await page.click('#confirm-dialog button[value="cancel"]');
  check((await page.locator('#models tbody tr').count()) === count, 'delete asks for confirmation');
}

/**
 * With keys: the page asks for one, refuses an unknown one, translates with a translation key and
 * hides training and model actions from it; an admin key (kept for the tab) shows them.
 */
async function keys(browser, errors) {
  const [, url, dir, user, admin, text, want] = process.argv.slice(2);
  const page = await newPage(browser, { width: 1280, height: 800 }, errors, 'keys');
  await page.goto(`${url}/#translate`);
  await page.waitForSelector('#key-dialog[open]');
  check(true, 'the page asks for a key');
  await page.fill('#key-input', 'not-a-key');
  await page.click('#key-form button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('key-error').textContent.length > 0);
  check(await page.isVisible('#key-dialog[open]'), 'an unknown key is refused');
  await page.fill('#key-input', user);
  await page.click('#key-form button[type="submit"]');
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('#text', text);
  await page.waitForFunction((w) => document.getElementById('output').textContent === w, want);
  check(true, 'a translation key translates');
  await view(page, 'train');
  check(
    (await page.isVisible('#train-locked')) && !(await page.isVisible('#train-form')),
    'training is hidden from a translation key',
  );
  await view(page, 'models');
  await page.waitForSelector('#models tbody tr');
  check((await page.locator('#models button').count()) === 0, 'model actions are hidden from a translation key');
  await page.screenshot({ path: path.join(dir, 'models-translation-key.png'), fullPage: true });
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  check(!(await page.isVisible('#key-dialog[open]')), 'the key is kept for the tab');
  await page.click('#change-key');
  await page.waitForSelector('#key-dialog[open]');
  await page.fill('#key-input', admin);
  await page.click('#key-form button[type="submit"]');
  await page.waitForLoadState('load');
  await page.waitForSelector('body[data-ready="true"]');
  await view(page, 'train');
  await page.waitForSelector('#train-form', { state: 'visible' });
  await view(page, 'models');
  await page.waitForSelector('#models tbody tr button.delete');
  check(true, 'an admin key shows training and model actions');
}

/**
 * The page learns a key's role from GET /train's status (403 for a translation key, 401 for an
 * unknown one), which Chromium logs as a failed resource; those are expected here, nothing else.
 */
function unexpected(errors) {
  return KEYS ? errors.filter((e) => !/status of 40[13]/.test(e)) : errors;
}

(async () => {
  fs.mkdirSync(KEYS ? process.argv[4] : shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ], // and a fresh, empty profile: playwright makes one for every launch
  });
  const errors = [];
  const phase = {};
  try {
    if (KEYS) {
      await keys(browser, errors);
      const left = unexpected(errors);
      check(left.length === 0, `no console errors but the key checks${left.length ? ':\n' + left.join('\n') : ''}`);
      return;
    }
    const desktop = await newPage(browser, { width: 1280, height: 900 }, errors, 'desktop');
    await translate(desktop);
    await desktop.screenshot({ path: path.join(shots, 'translate-desktop.png'), fullPage: true });
    await glossary(desktop);
    await train(desktop, phase);
    await desktop.screenshot({ path: path.join(shots, 'train-desktop.png'), fullPage: true });
    await cancelAndResume(desktop);
    await models(desktop);
    await desktop.screenshot({ path: path.join(shots, 'models-desktop.png'), fullPage: true });

    const phone = await newPage(browser, { width: 390, height: 844 }, errors, 'phone');
    await translate(phone, model); // the model chosen in the options
    await phone.screenshot({ path: path.join(shots, 'translate-phone.png'), fullPage: true });
    await train(phone, phase);
    await phone.waitForSelector('#job:not([hidden])');
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: path.join(shots, 'train-phone.png'), fullPage: true });
    await view(phone, 'models');
    await phone.waitForSelector('#models tbody tr');
    await phone.screenshot({ path: path.join(shots, 'models-phone.png'), fullPage: true });
    check(errors.length === 0, `no console errors in any view${errors.length ? ':\n' + errors.join('\n') : ''}`);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
