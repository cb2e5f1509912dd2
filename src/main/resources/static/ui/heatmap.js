// The cross-attention matrix as a table: one row per target subword, one column per source
// subword, one cell per pair, its colour the weight. Hover or arrow keys read a value.
import { el } from './api.js';

/** Sequential blue scale, light to dark (ColorBrewer's Blues ends). */
function colour(value) {
  const v = Math.max(0, Math.min(1, Math.sqrt(value))); // sqrt: small weights stay visible
  const from = [247, 251, 255];
  const to = [8, 48, 107];
  const mix = from.map((c, i) => Math.round(c + (to[i] - c) * v));
  return `rgb(${mix.join(',')})`;
}

/** A token as shown: the word-start mark ▁ kept (it tells word starts), empty ones named. */
function shown(token) {
  return token === '' ? '∅' : token;
}

/**
 * Draws {@code attention} (targetTokens × sourceTokens) into {@code container}; {@code readout}
 * tells the value under the pointer or the keyboard's cell.
 */
export function drawHeatmap(container, readout, sourceTokens, targetTokens, attention) {
  container.replaceChildren();
  const columns = sourceTokens.map((t, j) => el('th', { scope: 'col', 'data-col': j }, el('span', {}, shown(t))));
  const head = el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'target \\ source')), columns));
  const body = el('tbody');
  const cells = [];
  targetTokens.forEach((target, i) => {
    const row = el('tr', {}, el('th', { scope: 'row', 'data-row': i }, shown(target)));
    cells.push([]);
    sourceTokens.forEach((source, j) => {
      const value = attention[i]?.[j] ?? 0;
      const cell = el('td', {
        class: 'cell',
        'data-row': i,
        'data-col': j,
        'data-value': value.toFixed(4),
        title: `${shown(target)} ← ${shown(source)}: ${value.toFixed(3)}`,
        style: `background:${colour(value)}`,
      }, el('span', { class: 'sr-only' }, value.toFixed(2)));
      row.append(cell);
      cells[i].push(cell);
    });
    body.append(row);
  });
  const table = el('table', {
    class: 'heatmap',
    tabindex: 0,
    'aria-label': 'Cross-attention weights; use the arrow keys to move between cells',
  }, el('caption', { class: 'sr-only' }, 'Rows: target subwords; columns: source subwords'), head, body);

  let active = null;
  const select = (i, j) => {
    if (!cells[i] || !cells[i][j]) return;
    table.querySelectorAll('.active').forEach((n) => n.classList.remove('active'));
    const cell = cells[i][j];
    cell.classList.add('active');
    table.querySelector(`thead th[data-col="${j}"]`).classList.add('active');
    table.querySelector(`tbody th[data-row="${i}"]`).classList.add('active');
    active = [i, j];
    readout.textContent =
      `“${shown(targetTokens[i])}” attends to “${shown(sourceTokens[j])}”: ${Number(cell.dataset.value).toFixed(3)}`;
  };
  table.addEventListener('mouseover', (event) => {
    const cell = event.target.closest('td.cell');
    if (cell) select(Number(cell.dataset.row), Number(cell.dataset.col));
  });
  table.addEventListener('focus', () => {
    if (!active) select(0, 0);
  });
  table.addEventListener('keydown', (event) => {
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const [i, j] = active || [0, 0];
    select(i + move[0], j + move[1]);
  });
  readout.textContent = '\u00a0';
  container.append(
    table,
    el('div', { class: 'legend', 'aria-hidden': 'true' }, '0', el('span', { class: 'bar' }), '1'),
  );
}
