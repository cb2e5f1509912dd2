// Line charts with uPlot (vendored under vendor/uplot, loaded as a classic script: window.uPlot).
// A chart is made once and fed new data with setData, so live updates keep its size and cursor.

const COLOURS = ['#0550ae', '#bc4c00', '#116329', '#8250df'];

/**
 * Merges series given as [[x, y], ...] lists onto one sorted x axis, as uPlot wants:
 * [xs, ys1, ys2, ...] with null where a series has no point.
 */
export function align(...series) {
  const xs = [...new Set(series.flatMap((points) => points.map((p) => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((points) => {
    const ys = new Array(xs.length).fill(null);
    for (const [x, y] of points) ys[index.get(x)] = y;
    return ys;
  });
  return [xs, ...columns];
}

export class LineChart {
  /**
   * @param container where the chart goes
   * @param labels the series' names
   * @param options xLabel, yLabel, format (y value to text), log (a log y axis)
   */
  constructor(container, labels, options = {}) {
    this.container = container;
    this.labels = labels;
    this.options = options;
    this.plot = null;
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
  }

  size() {
    const width = Math.max(260, Math.floor(this.container.clientWidth));
    return { width, height: Math.round(Math.min(260, Math.max(200, width * 0.5))) };
  }

  resize() {
    if (this.plot) this.plot.setSize(this.size());
  }

  /** data: [xs, ys1, ...] (see align); no points: a note instead of an empty frame. */
  set(data) {
    const points = data[0].length;
    this.container.dataset.points = String(points);
    if (points === 0) {
      this.destroy();
      this.container.replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: 'No points yet.' }));
      return;
    }
    if (this.plot && this.plot.series.length === data.length) {
      this.plot.setData(data);
      return;
    }
    this.destroy();
    this.container.replaceChildren();
    const format = this.options.format || ((v) => (v == null ? '–' : Number(v.toPrecision(4)).toString()));
    this.plot = new uPlot(
      {
        ...this.size(),
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: false }, y: this.options.log ? { distr: 3 } : {} },
        axes: [
          { label: this.options.xLabel || 'step', stroke: '#57606a', grid: { stroke: '#eaeef2' } },
          { label: this.options.yLabel || '', stroke: '#57606a', grid: { stroke: '#eaeef2' }, size: 60, values: (u, ticks) => ticks.map((t) => format(t)) },
        ],
        series: [
          { label: this.options.xLabel || 'step' },
          ...this.labels.map((label, i) => ({
            label,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            spanGaps: true,
            points: { show: (u, si) => u.data[0].length < 40 },
            value: (u, v) => format(v),
          })),
        ],
      },
      data,
      this.container,
    );
  }

  destroy() {
    if (this.plot) {
      this.plot.destroy();
      this.plot = null;
    }
  }
}
