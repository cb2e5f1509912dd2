// Translate view: languages from /languages, POST /translate as the user pauses typing, with
// alternatives, the attention map and a glossary of the pair (/glossaries); documents through
// /translate_file when the server has it.
import { api, apiKey, ApiError, el, languageName, $ } from './api.js';
import { drawHeatmap } from './heatmap.js';

/**
 * Below this confidence (the geometric mean of the chosen tokens' probabilities) the page marks a
 * translation as doubtful: a heuristic, not a calibrated probability (see the README's Confidence).
 */
const DOUBTFUL = 0.3;

/** The download's name: Content-Disposition's, else the URL's last segment without its random prefix. */
function fileName(disposition, url) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition || '');
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition || '');
  if (plain) return plain[1];
  const last = decodeURIComponent(new URL(url, location.href).pathname.split('/').pop());
  return last.replace(/^[0-9a-f]{32}\./, '');
}

export class TranslateView {
  constructor(session, banner) {
    this.session = session;
    this.banner = banner;
    this.languages = [];
    this.models = [];
    this.glossaries = [];
    this.pending = null;
    this.timer = null;
    this.loaded = false;
    const settings = session.settings;
    this.charLimit = settings.charLimit;
    this.delay = settings.frontendTimeout || 500;
    $('text').maxLength = this.charLimit;
    this.count();

    $('text').addEventListener('input', () => {
      this.count();
      this.schedule();
    });
    for (const id of ['model', 'beam', 'alternatives', 'glossary']) {
      $(id).addEventListener('change', () => this.translateNow());
    }
    $('source').addEventListener('change', () => {
      this.fillTargets();
      this.fillModels();
      this.fillGlossaries();
      this.translateNow();
    });
    $('target').addEventListener('change', () => {
      this.fillModels();
      this.fillGlossaries();
      this.translateNow();
    });
    $('swap').addEventListener('click', () => this.swap());
    $('copy').addEventListener('click', () => this.copy());
    if (settings.suggestions) {
      // POST /suggest: a user's correction, kept by the server as training data for the pair.
      $('suggest').hidden = false;
      $('suggest').addEventListener('click', () => {
        $('suggestion').value = $('output').textContent;
        $('suggest-box').hidden = false;
        $('suggestion').focus();
      });
      $('suggest-cancel').addEventListener('click', () => ($('suggest-box').hidden = true));
      $('suggest-send').addEventListener('click', () => this.suggest());
    }
    $('translate-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.translateNow();
    });
    if (settings.filesTranslation) {
      $('file-form').hidden = false;
      const formats = settings.supportedFilesFormat || [];
      if (formats.length) {
        $('file').accept = formats.join(',');
        $('file-formats').textContent = `Translated into the target language with its layout kept: ${formats.join(', ')}.`;
      }
      $('file-form').addEventListener('submit', (event) => {
        event.preventDefault();
        this.translateFile();
      });
    }
  }

  async enter() {
    if (this.loaded) {
      // glossaries come and go while the page is open
      await this.loadGlossaries();
      this.fillGlossaries();
      return;
    }
    this.loaded = true;
    try {
      const [languages, models] = await Promise.all([api('/languages'), api('/models')]);
      this.languages = languages;
      this.models = models;
    } catch (e) {
      this.banner(`Languages could not be loaded: ${e.message}`);
      return;
    }
    await this.loadGlossaries();
    const source = $('source');
    source.replaceChildren(el('option', { value: 'auto' }, 'Detect language'));
    for (const language of this.languages.filter((l) => l.targets.length > 0)) {
      source.append(el('option', { value: language.code }, languageName(language.code)));
    }
    if (this.languages.length === 0) {
      this.banner('No model is trained yet: train one in the Train view, then translate here.');
    }
    const wanted = this.session.settings.language?.target?.code;
    this.fillTargets(wanted);
    this.fillModels();
    this.fillGlossaries();
    $('text').focus();
  }

  /** The glossaries the server keeps (none listed when they cannot be read: the pair's default still applies). */
  async loadGlossaries() {
    try {
      this.glossaries = await api('/glossaries');
    } catch {
      this.glossaries = [];
    }
  }

  /** The chosen pair's glossaries: the pair's default (if any) applies unless one is chosen or None. */
  fillGlossaries() {
    const select = $('glossary');
    const keep = select.value;
    const source = $('source').value;
    const target = $('target').value;
    const mine = this.glossaries.filter((g) => (source === 'auto' || g.source === source) && g.target === target);
    const fallback = mine.find((g) => g.default);
    select.replaceChildren(
      el('option', { value: '' }, fallback ? `Default of the pair (${fallback.name || fallback.id})` : 'Default of the pair (none set)'),
      el('option', { value: 'none' }, 'None'),
      ...mine.map((g) => el('option', { value: g.id }, `${g.name || g.id} (${g.entries} terms)`)),
    );
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  }

  /** What a glossary did, as a line: terms put in, and those left as the model translated them. */
  glossaryLine(report) {
    if (!report) return '';
    const named = this.glossaries.find((g) => g.id === report.id)?.name || report.id;
    const missed = report.misses.map((m) => `${m.source} → ${m.target}`);
    return (
      `glossary ${named}: ${report.applied} of ${report.terms} term${report.terms === 1 ? '' : 's'} applied` +
      (missed.length ? ` (not placed: ${[...new Set(missed)].join(', ')})` : '')
    );
  }

  /** The targets of the chosen source (all targets for auto-detection). */
  fillTargets(preferred) {
    const target = $('target');
    const keep = preferred || target.value;
    const source = $('source').value;
    const codes = new Set();
    for (const language of this.languages) {
      if (source === 'auto' || language.code === source) language.targets.forEach((t) => codes.add(t));
    }
    target.replaceChildren(...[...codes].sort().map((c) => el('option', { value: c }, languageName(c))));
    if (codes.has(keep)) target.value = keep;
  }

  /** The models that serve the chosen pair. */
  fillModels() {
    const select = $('model');
    const keep = select.value;
    const source = $('source').value;
    const target = $('target').value;
    select.replaceChildren(el('option', { value: '' }, 'Default of the pair'));
    for (const model of this.models) {
      if ((source === 'auto' || model.source === source) && model.target === target) {
        select.append(el('option', { value: model.id }, `${model.id}${model.default ? ' (default)' : ''}`));
      }
    }
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  }

  swap() {
    const source = $('source').value;
    const target = $('target').value;
    if (source === 'auto' || ![...$('source').options].some((o) => o.value === target)) return;
    $('source').value = target;
    this.fillTargets(source);
    this.fillModels();
    const output = $('output').textContent;
    if (output) $('text').value = output;
    this.count();
    this.translateNow();
  }

  count() {
    const length = $('text').value.length;
    $('count').textContent = `${length.toLocaleString('en')} / ${this.charLimit.toLocaleString('en')} characters`;
    $('count').classList.toggle('error', length >= this.charLimit);
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.translateNow(), this.delay);
  }

  clear() {
    $('output').textContent = '';
    $('copy').disabled = true;
    $('suggest').disabled = true;
    $('suggest-box').hidden = true;
    $('alternatives-box').hidden = true;
    $('attention').hidden = true;
    $('translate-meta').textContent = '';
    $('detected').textContent = '';
    $('translate-status').textContent = '';
  }

  async translateNow() {
    clearTimeout(this.timer);
    const text = $('text').value;
    this.pending?.abort();
    if (!text.trim() || !$('target').value) {
      this.clear();
      return;
    }
    const controller = new AbortController();
    this.pending = controller;
    const nBest = Number($('alternatives').value) + 1;
    const beamSize = Math.max(Number($('beam').value) || 1, nBest);
    const body = {
      text,
      source: $('source').value,
      target: $('target').value,
      beamSize,
      attention: true,
    };
    if (nBest > 1) body.nBest = nBest;
    if ($('model').value) body.model = $('model').value;
    if ($('glossary').value) body.glossary = $('glossary').value;
    $('translate-status').textContent = 'Translating…';
    try {
      const answer = await api('/translate', { json: body, signal: controller.signal });
      if (controller.signal.aborted) return;
      this.show(answer);
      $('translate-status').textContent = '';
    } catch (e) {
      if (e.name === 'AbortError') return;
      $('translate-status').textContent = '';
      $('output').textContent = '';
      $('attention').hidden = true;
      $('alternatives-box').hidden = true;
      $('translate-meta').textContent = e instanceof ApiError ? e.message : `Failed: ${e.message}`;
      $('translate-meta').classList.add('error');
    }
  }

  show(answer) {
    const translation = answer.translations[0];
    this.answered = { q: $('text').value, source: answer.source, target: answer.target };
    $('output').textContent = translation.text;
    $('copy').disabled = !translation.text;
    $('suggest').disabled = !translation.text;
    $('suggest-box').hidden = true;
    $('translate-meta').classList.remove('error');
    const heldOut = answer.modelScores?.heldOut;
    const confidence = translation.confidence;
    const doubtful = typeof confidence === 'number' && confidence < DOUBTFUL;
    $('output').classList.toggle('doubtful', doubtful);
    $('translate-meta').textContent =
      `${answer.model}${answer.pivot ? ` (through ${languageName(answer.pivot)})` : ''} · ${answer.search}` +
      ` · score ${translation.score.toFixed(3)}` +
      (typeof confidence === 'number' ? ` · confidence ${Math.round(confidence * 100)} %` : '') +
      (doubtful ? ' (low: check this translation)' : '') +
      (heldOut ? ` · held-out BLEU ${heldOut.bleu}` : '') +
      (answer.glossary ? ` · ${this.glossaryLine(answer.glossary)}` : '');
    $('detected').textContent = answer.detectedLanguage
      ? `Detected: ${languageName(answer.detectedLanguage.language)} (${Math.round(answer.detectedLanguage.confidence)} %)`
      : '';
    const alternatives = (translation.nBest || []).slice(1);
    $('alternatives-box').hidden = alternatives.length === 0;
    $('alternatives-list').replaceChildren(
      ...alternatives.map((a) => el('li', {}, a.text, el('span', { class: 'score' }, a.score.toFixed(3)))),
    );
    if (translation.attention && translation.sourceTokens && translation.targetTokens) {
      $('attention').hidden = false;
      drawHeatmap($('heatmap'), $('attention-readout'), translation.sourceTokens, translation.targetTokens, translation.attention);
    } else {
      $('attention').hidden = true;
    }
  }

  async suggest() {
    const s = $('suggestion').value.trim();
    if (!s || !this.answered) return;
    try {
      await api('/suggest', { json: { ...this.answered, s } });
      $('suggest-box').hidden = true;
      $('translate-status').textContent = 'Thank you: your correction was kept.';
    } catch (e) {
      $('translate-status').textContent = e.message;
    }
  }

  async copy() {
    const text = $('output').textContent;
    try {
      await navigator.clipboard.writeText(text);
      $('translate-status').textContent = 'Copied.';
    } catch {
      // Without the clipboard API (plain http off localhost): select the text for the user.
      const range = document.createRange();
      range.selectNodeContents($('output'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      $('translate-status').textContent = 'Selected: press Ctrl+C to copy.';
    }
  }

  async translateFile() {
    const file = $('file').files[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    form.append('source', $('source').value);
    form.append('target', $('target').value);
    if ($('glossary').value) form.append('glossary', $('glossary').value);
    $('file-status').textContent = 'Translating the document…';
    try {
      const answer = await api('/translate_file', { form });
      // Fetched with the key (a plain link would not send it), then offered as a file.
      const headers = apiKey() ? { Authorization: `Bearer ${apiKey()}` } : {};
      const response = await fetch(answer.translatedFileUrl, { headers });
      if (!response.ok) throw new Error(`the translated file could not be fetched (HTTP ${response.status})`);
      const name = fileName(response.headers.get('Content-Disposition'), answer.translatedFileUrl);
      const link = el('a', { href: URL.createObjectURL(await response.blob()), download: name }, `Download ${name}`);
      const glossary = this.glossaryLine(answer.glossary);
      $('file-status').replaceChildren(link, glossary ? ` · ${glossary}` : '');
    } catch (e) {
      $('file-status').textContent = e.message;
    }
  }
}
