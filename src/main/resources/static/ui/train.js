// Train view: a form for POST /train (with a corpus from /datasets), the jobs of GET /train, and
// one job followed live by polling GET /train/{id}: progress, curves, worst held-out sentences.
import { api, el, labelCells, languageName, $ } from './api.js';
import { LineChart, align } from './charts.js';

const POLL_MS = 1500;
const ACTIVE = ['QUEUED', 'RUNNING'];
const RESUMABLE = ['CANCELLED', 'INTERRUPTED', 'FAILED'];

function eta(seconds) {
  if (seconds == null || seconds < 0) return '–';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds / 60) % 60);
  const s = Math.floor(seconds % 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export class TrainView {
  constructor(session, banner) {
    this.session = session;
    this.banner = banner;
    this.jobs = [];
    this.datasets = [];
    this.selected = null;
    this.timer = null;
    this.visible = false;
    this.charts = null;
    $('train-locked').hidden = session.admin;
    $('train-admin').hidden = !session.admin;
    if (!session.admin) return;
    $('train-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    $('dataset').addEventListener('change', () => this.datasetChosen());
    $('refresh-datasets').addEventListener('click', () => this.loadDatasets());
    $('upload').addEventListener('click', () => this.upload());
    $('cancel').addEventListener('click', () => this.act('DELETE', ''));
    $('resume').addEventListener('click', () => this.act('POST', '/resume'));
    // No polling from a tab in the background; back in front, the view catches up at once.
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && this.visible) this.refresh();
    });
  }

  enter() {
    this.visible = true;
    if (!this.session.admin) return;
    if (!this.charts) {
      this.charts = {
        loss: new LineChart($('chart-loss'), ['training loss (label-smoothed)', 'held-out loss'], { yLabel: 'loss' }),
        scores: new LineChart($('chart-scores'), ['BLEU', 'chrF'], { yLabel: 'score' }),
        lr: new LineChart($('chart-lr'), ['learning rate'], { yLabel: 'rate', format: (v) => (v == null ? '–' : v.toExponential(1)) }),
      };
    }
    this.loadDatasets();
    this.refresh();
  }

  leave() {
    this.visible = false;
    clearTimeout(this.timer);
  }

  async loadDatasets() {
    try {
      this.datasets = await api('/datasets');
    } catch (e) {
      this.banner(`Datasets could not be loaded: ${e.message}`);
      return;
    }
    const select = $('dataset');
    const keep = select.value;
    select.replaceChildren(
      el('option', { value: '' }, this.datasets.length ? 'Choose a dataset…' : 'No dataset yet: upload one'),
      ...this.datasets.map((d) =>
        el('option', { value: d.id }, `${d.name || d.id} · ${d.sourceLang || '?'}→${d.targetLang || '?'} · ${d.pairs.toLocaleString('en')} pairs`),
      ),
    );
    if (this.datasets.some((d) => d.id === keep)) select.value = keep;
    $('upload-box').open = this.datasets.length === 0;
  }

  datasetChosen() {
    const dataset = this.datasets.find((d) => d.id === $('dataset').value);
    if (!dataset) return;
    if (dataset.sourceLang) $('job-source').value = dataset.sourceLang;
    if (dataset.targetLang) $('job-target').value = dataset.targetLang;
  }

  async upload() {
    const form = new FormData();
    const one = $('up-file').files[0];
    const source = $('up-source').files[0];
    const target = $('up-target').files[0];
    if (one) form.append('file', one);
    else if (source && target) {
      form.append('source', source);
      form.append('target', target);
    } else {
      $('upload-status').textContent = 'Choose one file, or a source and a target file.';
      return;
    }
    for (const [field, id] of [['name', 'up-name'], ['sourceLang', 'up-source-lang'], ['targetLang', 'up-target-lang']]) {
      if ($(id).value.trim()) form.append(field, $(id).value.trim());
    }
    $('upload-status').textContent = 'Uploading and checking every pair…';
    try {
      const dataset = await api('/datasets', { form });
      await this.loadDatasets();
      $('dataset').value = dataset.id;
      this.datasetChosen();
      $('upload-status').textContent = `Kept ${dataset.pairs.toLocaleString('en')} pairs as ${dataset.id}.`;
    } catch (e) {
      $('upload-status').textContent = e.message;
    }
  }

  async submit() {
    let extra = {};
    const text = $('extra').value.trim();
    if (text) {
      try {
        extra = JSON.parse(text);
      } catch (e) {
        $('train-status').textContent = `More settings: not JSON (${e.message})`;
        return;
      }
    }
    const body = {
      dataset: $('dataset').value,
      sourceLang: $('job-source').value.trim(),
      targetLang: $('job-target').value.trim(),
      preset: $('preset').value,
      maxMinutes: Number($('max-minutes').value),
      makeDefault: $('make-default').checked,
      ...extra,
    };
    $('train-status').textContent = 'Starting…';
    try {
      const job = await api('/train', { json: body });
      $('train-status').textContent = `Job ${job.id} ${job.state.toLowerCase()}.`;
      this.selected = job.id;
      await this.refresh();
      $('job').scrollIntoView({ block: 'nearest' });
    } catch (e) {
      $('train-status').textContent = e.message;
    }
  }

  /** Lists the jobs, redraws the selected one, and polls again while any is queued or running. */
  async refresh() {
    clearTimeout(this.timer);
    const generation = (this.generation = (this.generation || 0) + 1);
    try {
      this.jobs = await api('/train');
    } catch (e) {
      this.banner(`Jobs could not be loaded: ${e.message}`);
      return;
    }
    if (generation !== this.generation) return; // a later refresh draws and polls
    this.drawList();
    if (!this.selected && this.jobs.length) this.selected = this.jobs[0].id;
    if (this.selected) await this.drawJob(this.selected);
    if (generation !== this.generation) return;
    if (this.visible && !document.hidden && this.jobs.some((j) => ACTIVE.includes(j.state))) {
      this.timer = setTimeout(() => this.refresh(), POLL_MS);
    }
  }

  drawList() {
    const body = $('jobs').tBodies[0];
    $('jobs-empty').hidden = this.jobs.length > 0;
    body.replaceChildren(
      ...this.jobs.map((job) => {
        const settings = job.settings || {};
        const percent = job.progress ? `${Math.floor(job.progress.percent)} %` : '';
        return el(
          'tr',
          { class: job.id === this.selected ? 'selected' : '', 'data-job': job.id },
          el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => this.select(job.id), 'aria-pressed': String(job.id === this.selected) }, job.id)),
          el('td', {}, `${settings.sourceLang || '?'}→${settings.targetLang || '?'}`),
          el('td', {}, el('span', { class: `state ${job.state}` }, job.state)),
          el('td', { class: 'num' }, percent),
          el('td', {}, when(job.createdAt)),
        );
      }),
    );
    labelCells($('jobs'));
  }

  select(id) {
    this.selected = id;
    this.refresh();
  }

  async drawJob(id) {
    let job;
    try {
      job = await api(`/train/${encodeURIComponent(id)}`);
    } catch (e) {
      $('job').hidden = true;
      return;
    }
    $('job').hidden = false;
    $('job').dataset.job = job.id;
    $('job').dataset.state = job.state;
    $('job-title').textContent = `Job ${job.id}`;
    $('job-state').textContent = job.state;
    $('job-state').className = `state ${job.state}`;
    $('cancel').hidden = !ACTIVE.includes(job.state);
    $('resume').hidden = !RESUMABLE.includes(job.state);
    const p = job.progress;
    const percent = p ? p.percent : job.state === 'SUCCEEDED' ? 100 : 0;
    $('job-progress').value = percent;
    $('job-percent').textContent = `${Math.floor(percent)} %`;
    const settings = job.settings || {};
    const stats = [
      ['Pair', `${languageName(settings.sourceLang || '?')} → ${languageName(settings.targetLang || '?')}`],
      ['Preset', settings.preset || 'small'],
      ['Step', p ? p.step.toLocaleString('en') : '–'],
      ['Epoch', p ? p.epoch : '–'],
      ['ETA', p && ACTIVE.includes(job.state) ? eta(p.etaSeconds) : '–'],
      ['Tokens/s', p ? Math.round(p.tokensPerSecond).toLocaleString('en') : '–'],
      ['Learning rate', p ? p.learningRate.toExponential(2) : '–'],
      ['Loss', p ? p.loss.toFixed(3) : '–'],
      ['Best BLEU', job.best ? `${job.best.bleu} (step ${job.best.step})` : '–'],
    ];
    $('job-stats').replaceChildren(...stats.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))));
    $('job-message').textContent = job.error || job.stopReason || job.defaultDecision || '';
    $('job-message').classList.toggle('error', Boolean(job.error));

    const losses = job.lossHistory || [];
    const evaluations = job.evaluations || [];
    this.charts.loss.set(align(losses.map((l) => [l.step, l.loss]), evaluations.map((e) => [e.step, e.heldOutLoss])));
    this.charts.scores.set(align(evaluations.map((e) => [e.step, e.bleu]), evaluations.map((e) => [e.step, e.chrf])));
    this.charts.lr.set(align(losses.filter((l) => l.learningRate != null).map((l) => [l.step, l.learningRate])));
    this.drawWorst(job.worstHeldOut);
  }

  drawWorst(worst) {
    const sentences = worst?.sentences || [];
    $('worst').hidden = sentences.length === 0;
    $('worst-empty').hidden = sentences.length > 0;
    $('worst-title').textContent = worst
      ? `Worst held-out sentences of the last evaluation (step ${worst.step})`
      : 'Worst held-out sentences of the last evaluation';
    $('worst').tBodies[0].replaceChildren(
      ...sentences.map((s) =>
        el('tr', {}, el('td', { class: 'num' }, s.chrf.toFixed(1)), el('td', {}, s.source), el('td', {}, s.reference), el('td', {}, s.hypothesis)),
      ),
    );
    labelCells($('worst'));
  }

  async act(method, suffix) {
    const id = this.selected;
    if (!id) return;
    try {
      await api(`/train/${encodeURIComponent(id)}${suffix}`, { method });
    } catch (e) {
      $('job-message').textContent = e.message;
      $('job-message').classList.add('error');
      return;
    }
    this.refresh();
  }
}
