// Models view: GET /models with scores and signatures, make default / delete (admins), and two
// models of a pair compared on their held-out curves (GET /models/{id}'s evaluations).
import { api, bytes, el, labelCells, $ } from './api.js';
import { LineChart, align } from './charts.js';

function score(metrics) {
  if (!metrics) return '–';
  return el(
    'span',
    {},
    `BLEU ${metrics.bleu} · chrF ${metrics.chrf}`,
    el('span', { class: 'sig' }, metrics.signature),
    metrics.chrf_signature ? el('span', { class: 'sig' }, metrics.chrf_signature) : null,
  );
}

/** Asks in the page's own dialog (keyboard and screen reader friendly); true when confirmed. */
function confirmDialog(text, action) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = action;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

export class ModelsView {
  constructor(session, banner) {
    this.session = session;
    this.banner = banner;
    this.models = [];
    this.charts = null;
    this.details = new Map();
    $('compare-a').addEventListener('change', () => {
      this.fillSecond();
      this.compare();
    });
    $('compare-b').addEventListener('change', () => this.compare());
    document.querySelectorAll('.admin-only').forEach((n) => (n.hidden = !session.admin));
  }

  enter() {
    if (!this.charts) {
      this.charts = {
        bleu: new LineChart($('chart-compare-bleu'), ['first', 'second'], { yLabel: 'BLEU' }),
        loss: new LineChart($('chart-compare-loss'), ['first', 'second'], { yLabel: 'loss' }),
      };
    }
    this.load();
  }

  async load() {
    try {
      this.models = await api('/models');
    } catch (e) {
      this.banner(`Models could not be loaded: ${e.message}`);
      return;
    }
    this.draw();
    this.fillFirst();
  }

  draw() {
    $('models-empty').hidden = this.models.length > 0;
    $('models').hidden = this.models.length === 0;
    $('compare').hidden = this.models.length === 0;
    const admin = this.session.admin;
    $('models').tBodies[0].replaceChildren(
      ...this.models.map((m) =>
        el(
          'tr',
          { 'data-model': m.id },
          el('td', {}, m.id, ' ', m.default ? el('span', { class: 'badge' }, 'default') : null,
            el('span', { class: 'sig' }, `${m.parameters.toLocaleString('en')} parameters · ${new Date(m.createdAt).toLocaleString()}`)),
          el('td', {}, `${m.source}→${m.target}`),
          el('td', { class: 'num' }, bytes(m.bytes)),
          el('td', {}, score(m.metrics?.heldOut)),
          el('td', {}, score(m.metrics?.test)),
          admin
            ? el('td', {}, el('div', { class: 'actions' },
                m.default ? null : el('button', { type: 'button', class: 'make-default', onclick: () => this.makeDefault(m) }, 'Make default'),
                el('button', { type: 'button', class: 'delete', onclick: () => this.remove(m) }, 'Delete')))
            : null,
        ),
      ),
    );
    labelCells($('models'));
  }

  async makeDefault(model) {
    try {
      await api(`/models/${encodeURIComponent(model.id)}/default`, { method: 'POST' });
    } catch (e) {
      this.banner(e.message);
    }
    this.load();
  }

  async remove(model) {
    const ok = await confirmDialog(`Delete model ${model.id} (${model.source}→${model.target})? This cannot be undone.`, 'Delete');
    if (!ok) return;
    try {
      await api(`/models/${encodeURIComponent(model.id)}`, { method: 'DELETE' });
    } catch (e) {
      this.banner(e.message);
    }
    this.load();
  }

  fillFirst() {
    const a = $('compare-a');
    const keep = a.value;
    a.replaceChildren(...this.models.map((m) => el('option', { value: m.id }, `${m.id} (${m.source}→${m.target})`)));
    if (this.models.some((m) => m.id === keep)) a.value = keep;
    this.fillSecond();
    this.compare();
  }

  /** The second model: the others of the first one's pair. */
  fillSecond() {
    const first = this.models.find((m) => m.id === $('compare-a').value);
    const b = $('compare-b');
    const keep = b.value;
    const others = first ? this.models.filter((m) => m.id !== first.id && m.source === first.source && m.target === first.target) : [];
    b.replaceChildren(el('option', { value: '' }, others.length ? 'Choose…' : 'No other model of this pair'), ...others.map((m) => el('option', { value: m.id }, m.id)));
    if (others.some((m) => m.id === keep)) b.value = keep;
    else if (others.length) b.value = others[0].id;
  }

  async evaluations(id) {
    if (!this.details.has(id)) {
      const model = await api(`/models/${encodeURIComponent(id)}`);
      this.details.set(id, model.evaluations || []);
    }
    return this.details.get(id);
  }

  async compare() {
    const ids = [$('compare-a').value, $('compare-b').value].filter(Boolean);
    if (!ids.length) {
      this.charts.bleu.set([[]]);
      this.charts.loss.set([[]]);
      return;
    }
    let curves;
    try {
      curves = await Promise.all(ids.map((id) => this.evaluations(id)));
    } catch (e) {
      $('compare-note').textContent = e.message;
      return;
    }
    $('compare-note').textContent = curves.some((c) => c.length === 0)
      ? 'A model without recorded evaluations has no curve.'
      : `${ids.join(' vs ')}: every held-out evaluation during training.`;
    this.charts.bleu.labels = ids;
    this.charts.loss.labels = ids;
    this.charts.bleu.destroy();
    this.charts.loss.destroy();
    this.charts.bleu.set(align(...curves.map((c) => c.map((e) => [e.step, e.bleu]))));
    this.charts.loss.set(align(...curves.map((c) => c.map((e) => [e.step, e.heldOutLoss]))));
  }
}
