// The explorer's page (descent serve). The server computes every number the page shows: the contours,
// each run's iterates, the learning rates of the lesson, the basins, and the optimizers with their keys
// and defaults (/api/optimizers, the library's one table). The page draws them, animates the runs, and
// keeps its state in the URL's hash, so a page can be shared or bookmarked; its own arithmetic is the
// drawing's (pixels, the rate slider's log scale, a clicked start rounded to the range).

// The pictures' palette (descent-plot's Style), so an optimizer has the same colour here as in the PNGs.
const PALETTE = ['#FF3B30', '#FF9F0A', '#5AC8FA', '#FF2D95', '#30D158', '#BF5AF2', '#111111', '#FFD60A', '#8E5A2B', '#0A84FF'];
const REGIMES = ['#5AC8FA', '#FF3B30', '#30D158'];
const MAX_STARTS = 8;
const MAX_OPTIMIZERS = 4;
const WIDTH = 720;
const HEIGHT = 540;

// The optimizers, in the server's order, each with its keys (name, type, help, range or choices, and its
// default as a spec writes it): filled from /api/optimizers before anything is drawn.
const OPTIMIZERS = new Map();

const $ = (id) => document.getElementById(id);

const state = {
  fn: '', expr: '(1-x)^2 + 100*(y-x^2)^2', range: '-2:2,-1:3', starts: ['-1.2,1'],
  // the first race: filled with each optimizer's defaults once the server has listed them
  optimizers: [{ kind: 'adam', lr: '0.05' }, { kind: 'gd', lr: '0.001' }],
  maxIter: '2000', mode: 'race', basinStarts: '60', seed: '0',
};

// What the page shows now: panels (each with its surface and runs), and whether it plays.
const explorer = { panels: [], runs: [], basins: null, lesson: null, playing: false, speed: 1, surfaceKey: '' };
window.explorer = explorer;

// ---- state and the URL ----

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (![...params.keys()].length) return;
  state.fn = params.get('fn') || '';
  state.expr = params.get('expr') || '';
  state.range = params.get('range') || '';
  state.starts = params.get('starts') ? params.get('starts').split(';').filter((s) => s) : [];
  state.optimizers = params.get('opt') ? params.get('opt').split(';').filter((s) => s).map(parseSpec) : [];
  state.maxIter = params.get('maxiter') || '2000';
  state.mode = params.get('mode') || 'race';
  state.basinStarts = params.get('k') || '60';
  state.seed = params.get('seed') || '0';
}

function writeHash() {
  const params = new URLSearchParams();
  if (state.fn) params.set('fn', state.fn); else params.set('expr', state.expr);
  if (state.range) params.set('range', state.range);
  if (state.starts.length) params.set('starts', state.starts.join(';'));
  params.set('opt', state.optimizers.map((o) => specOf(o, false)).join(';'));
  params.set('maxiter', state.maxIter);
  if (state.mode !== 'race') params.set('mode', state.mode);
  if (state.mode === 'basins') { params.set('k', state.basinStarts); params.set('seed', state.seed); }
  history.replaceState(null, '', '#' + params.toString());
}

// ---- talking to the server ----

function problemParams() {
  const params = new URLSearchParams();
  if (state.fn) params.set('function', state.fn); else params.set('expr', state.expr);
  return params;
}

// ---- optimizers as spec strings (adam:lr=0.05,beta2=0.99), the command's --optimizer ----

/** The keys of an optimizer, as the server listed them. */
function keysOf(kind) {
  return OPTIMIZERS.has(kind) ? OPTIMIZERS.get(kind).keys : [];
}

/** An optimizer of the page: its kind and a text per key, the server's defaults where none is given. */
function withDefaults(o) {
  const full = { kind: o.kind };
  for (const key of keysOf(o.kind)) full[key.name] = o[key.name] !== undefined ? String(o[key.name]) : key.default;
  return full;
}

/** Reads "adam:lr=0.05,beta2=0.99" (a key alone is a flag set); links of older pages wrote "adam:lr=0.05:beta2=0.99". */
function parseSpec(text) {
  const colon = text.indexOf(':');
  const o = { kind: colon < 0 ? text : text.slice(0, colon) };
  if (colon >= 0) {
    for (const piece of text.slice(colon + 1).split(/[,:]/)) {
      if (!piece) continue;
      const equals = piece.indexOf('=');
      if (equals < 0) o[piece] = 'true'; else o[piece.slice(0, equals)] = piece.slice(equals + 1);
    }
  }
  return o;
}

/**
 * The spec string of an optimizer of the page. For a run (every = true) every key shown, so what runs is
 * what the page shows; for the URL only the rate and the keys away from their defaults. A rate given
 * replaces the page's (the lesson's three rates).
 */
function specOf(o, every, rate) {
  const pieces = [];
  for (const key of keysOf(o.kind)) {
    const value = key.name === 'lr' && rate !== undefined ? String(rate) : o[key.name];
    if (value === undefined || value === '') continue;
    if (key.type === 'flag') {
      if (value === 'true') pieces.push(key.name);
    } else if (every || key.name === 'lr' || value !== key.default) {
      pieces.push(key.name + '=' + value);
    }
  }
  return o.kind + (pieces.length ? ':' + pieces.join(',') : '');
}

function optimizerParams(params, o, rate) {
  params.set('optimizer', specOf(o, true, rate));
  return params;
}

async function getJson(path, params) {
  const response = await fetch(path + '?' + params.toString());
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { column: body.column || 0 });
  return body;
}

function showMessage(text) {
  $('message').hidden = !text;
  $('message').textContent = text || '';
}

function showFormulaError(error) {
  const box = $('formula-error');
  if (!error) { box.hidden = true; box.textContent = ''; return; }
  box.hidden = false;
  box.textContent = error.column > 0
    ? state.expr + '\n' + ' '.repeat(Math.max(0, error.column - 1)) + '^\n' + error.message
    : error.message;
}

// ---- drawing ----

function toPixel(surface, x, y) {
  const [x0, x1, y0, y1] = surface.range;
  return [(x - x0) / (x1 - x0) * WIDTH, (y1 - y) / (y1 - y0) * HEIGHT];
}

function toPoint(surface, px, py) {
  const [x0, x1, y0, y1] = surface.range;
  return [x0 + px / WIDTH * (x1 - x0), y1 - py / HEIGHT * (y1 - y0)];
}

/** Rounds a clicked coordinate to a thousandth of the range's width, so a start reads well and types back. */
function roundCoordinate(value, span) {
  const decimals = Math.max(0, Math.ceil(-Math.log10(span / 1000)));
  return Number(value.toFixed(decimals)).toString();
}

function drawStar(g, x, y, r) {
  g.beginPath();
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + k * Math.PI / 5;
    g[k === 0 ? 'moveTo' : 'lineTo'](x + radius * Math.cos(angle), y + radius * Math.sin(angle));
  }
  g.closePath();
  g.fillStyle = '#FFFFFF';
  g.strokeStyle = '#111111';
  g.lineWidth = 1.2;
  g.fill();
  g.stroke();
}

function inside(px, py) {
  return px >= 0 && px <= WIDTH && py >= 0 && py <= HEIGHT;
}

/** A run's path up to the step shown: line, dots (every Nth when many), start ring, current dot, end square. */
function drawRun(g, surface, run) {
  const shown = Math.floor(run.shown);
  if (run.steps.length === 0) return;
  const last = Math.min(shown, run.steps.length - 1);
  g.save();
  g.strokeStyle = run.color;
  g.fillStyle = run.color;
  g.lineWidth = 1.6;
  g.beginPath();
  for (let k = 0; k <= last; k++) {
    const [px, py] = toPixel(surface, run.steps[k].x[0], run.steps[k].x[1]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) break;
    g[k === 0 ? 'moveTo' : 'lineTo'](px, py);
  }
  g.stroke();
  const every = Math.max(1, Math.ceil((last + 1) / 400));
  run.dotsEvery = every;
  for (let k = 0; k <= last; k += every) {
    const [px, py] = toPixel(surface, run.steps[k].x[0], run.steps[k].x[1]);
    g.beginPath();
    g.arc(px, py, 2, 0, 2 * Math.PI);
    g.fill();
  }
  const [sx, sy] = toPixel(surface, run.steps[0].x[0], run.steps[0].x[1]);
  g.lineWidth = 2;
  g.beginPath();
  g.arc(sx, sy, 6, 0, 2 * Math.PI);
  g.stroke();
  const current = run.steps[last];
  const [cx, cy] = toPixel(surface, current.x[0], current.x[1]);
  if (inside(cx, cy)) {
    if (run.end && last === run.steps.length - 1) {
      g.fillRect(cx - 5, cy - 5, 10, 10);
      g.strokeStyle = '#111111';
      g.lineWidth = 1;
      g.strokeRect(cx - 5, cy - 5, 10, 10);
    } else {
      g.beginPath();
      g.arc(cx, cy, 4.5, 0, 2 * Math.PI);
      g.fill();
    }
  } else if (Number.isFinite(cx) && Number.isFinite(cy)) {
    // the point left the frame: a triangle on the border towards it, labelled by how the run is doing
    const ex = Math.min(Math.max(cx, 8), WIDTH - 8);
    const ey = Math.min(Math.max(cy, 8), HEIGHT - 8);
    g.beginPath();
    g.moveTo(ex, ey - 7);
    g.lineTo(ex - 6, ey + 5);
    g.lineTo(ex + 6, ey + 5);
    g.closePath();
    g.fill();
    g.fillStyle = '#111111';
    g.font = '12px system-ui';
    const diverged = run.end && ['DIVERGED', 'NON_FINITE', 'UNBOUNDED'].includes(run.end.stop);
    g.fillText(diverged ? 'diverged' : 'outside the frame', Math.min(ex + 8, WIDTH - 110), Math.max(ey, 14));
  }
  g.restore();
}

function drawPanel(panel) {
  const g = panel.canvas.getContext('2d');
  g.clearRect(0, 0, WIDTH, HEIGHT);
  if (panel.image && panel.image.complete) g.drawImage(panel.image, 0, 0, WIDTH, HEIGHT);
  const surface = panel.surface;
  if (!surface) return;
  if (explorer.basins && panel.basins) {
    drawBasins(g, surface, explorer.basins);
  }
  for (const run of panel.runs) drawRun(g, surface, run);
  for (const m of surface.minima) {
    const [px, py] = toPixel(surface, m[0], m[1]);
    if (inside(px, py)) drawStar(g, px, py, 8);
  }
}

function drawBasins(g, surface, basins) {
  if (basins.grid) {
    // each cell tinted by the minimum a run from its centre reaches: the basins of attraction
    const { columns, rows, minimum } = basins.grid;
    const w = WIDTH / columns;
    const h = HEIGHT / rows;
    g.save();
    g.globalAlpha = 0.38;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const index = minimum[r * columns + c];
        g.fillStyle = index < 0 ? '#B0B0B0' : PALETTE[index % PALETTE.length];
        // integer edges shared by neighbours: cells meet without overlapping, so no seam shows darker
        const x0 = Math.round(c * w);
        const y0 = Math.round(r * h);
        g.fillRect(x0, y0, Math.round((c + 1) * w) - x0, Math.round((r + 1) * h) - y0);
      }
    }
    g.restore();
  }
  for (const run of basins.runs) {
    g.strokeStyle = run.minimum < 0 ? '#B0B0B0' : PALETTE[run.minimum % PALETTE.length];
    g.lineWidth = 1.2;
    g.beginPath();
    run.points.forEach((p, k) => {
      const [px, py] = toPixel(surface, p[0], p[1]);
      g[k === 0 ? 'moveTo' : 'lineTo'](px, py);
    });
    g.stroke();
    const [sx, sy] = toPixel(surface, run.points[0][0], run.points[0][1]);
    g.fillStyle = g.strokeStyle;
    g.beginPath();
    g.arc(sx, sy, 2.5, 0, 2 * Math.PI);
    g.fill();
  }
  g.font = '12px system-ui';
  basins.minima.forEach((m, i) => {
    const [px, py] = toPixel(surface, m.x[0], m.x[1]);
    if (!inside(px, py)) return;
    if (m.global) drawStar(g, px, py, 9);
    else {
      g.fillStyle = PALETTE[i % PALETTE.length];
      g.strokeStyle = '#111111';
      g.beginPath();
      g.arc(px, py, 6, 0, 2 * Math.PI);
      g.fill();
      g.stroke();
    }
    const label = (m.global ? 'global' : 'local') + ' f = ' + m.f.toPrecision(5);
    g.fillStyle = '#FFFFFF';
    g.strokeStyle = '#111111';
    g.lineWidth = 3;
    g.strokeText(label, px + 10, py - 8);
    g.fillText(label, px + 10, py - 8);
  });
}

/** f per step for every run, on a log axis when every value is positive (else a linear one, said so). */
function drawLoss() {
  const canvas = $('loss');
  const g = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  g.clearRect(0, 0, w, h);
  const runs = explorer.runs.filter((r) => r.steps.length);
  const left = 70;
  const bottom = h - 28;
  g.fillStyle = '#222';
  g.font = '12px system-ui';
  if (!runs.length) {
    g.fillText('f per step: press play', left, 20);
    return;
  }
  let values = [];
  let maxStep = 1;
  for (const r of runs) {
    const last = Math.min(Math.floor(r.shown), r.steps.length - 1);
    maxStep = Math.max(maxStep, r.steps[last].i);
    for (let k = 0; k <= last; k++) if (Number.isFinite(r.steps[k].f)) values.push(r.steps[k].f);
  }
  const log = values.every((v) => v > 0);
  const map = (v) => (log ? Math.log10(v) : v);
  values = values.map(map);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) { hi = lo + 1; }
  g.strokeStyle = '#999';
  g.strokeRect(left, 10, w - left - 10, bottom - 10);
  g.fillText(log ? 'f (log scale)' : 'f (linear scale: some values are 0 or below)', left + 6, 24);
  g.fillText((log ? Math.pow(10, hi) : hi).toPrecision(3), 4, 16);
  g.fillText((log ? Math.pow(10, lo) : lo).toPrecision(3), 4, bottom);
  g.fillText('step ' + maxStep, w - 80, h - 8);
  g.fillText('0', left, h - 8);
  for (const r of runs) {
    const last = Math.min(Math.floor(r.shown), r.steps.length - 1);
    g.strokeStyle = r.color === '#FFFFFF' ? '#888888' : r.color;
    g.lineWidth = 1.5;
    g.beginPath();
    let moved = false;
    for (let k = 0; k <= last; k++) {
      const v = r.steps[k].f;
      if (!Number.isFinite(v) || (log && !(v > 0))) continue;
      const px = left + r.steps[k].i / maxStep * (w - left - 10);
      const py = bottom - (map(v) - lo) / (hi - lo) * (bottom - 14);
      g[moved ? 'lineTo' : 'moveTo'](px, Math.max(10, Math.min(bottom, py)));
      moved = true;
    }
    g.stroke();
  }
}

function format(v) {
  return typeof v === 'number' ? v.toPrecision(8) : String(v);
}

function updateStatus() {
  const body = $('status').querySelector('tbody');
  body.textContent = '';
  explorer.runs.forEach((run, index) => {
    const row = document.createElement('tr');
    row.dataset.run = String(index);
    const last = Math.min(Math.floor(run.shown), run.steps.length - 1);
    const step = last >= 0 ? run.steps[last] : null;
    const done = run.end && last === run.steps.length - 1;
    const cells = [
      '', run.label + (run.dotsEvery > 1 ? ' (a dot every ' + run.dotsEvery + ' steps)' : ''),
      '(' + run.start + ')', step ? String(step.i) : '', step ? format(step.f) : '', step ? format(step.g) : '',
      run.error ? 'error: ' + run.error : done ? run.end.stop : run.steps.length ? 'running' : '',
    ];
    cells.forEach((text, k) => {
      const cell = document.createElement('td');
      if (k === 0) {
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = run.color;
        cell.appendChild(swatch);
      } else {
        cell.textContent = text;
      }
      if (k === 1) cell.className = 'name';
      if (k === 6 && done) cell.title = run.end.explanation;
      cell.dataset.field = ['color', 'run', 'start', 'step', 'f', 'grad', 'stop'][k];
      row.appendChild(cell);
    });
    body.appendChild(row);
  });
}

function redraw() {
  explorer.panels.forEach(drawPanel);
  drawLoss();
  updateStatus();
}

// ---- the surface ----

async function loadSurface(panelCount) {
  const params = problemParams();
  if (state.range) params.set('range', state.range);
  params.set('width', String(panelCount > 1 ? Math.round(WIDTH) : WIDTH));
  params.set('height', String(HEIGHT));
  const key = params.toString();
  if (explorer.surfaceKey === key && explorer.surface) return explorer.surface;
  try {
    const surface = await getJson('/api/surface', params);
    showFormulaError(null);
    explorer.surface = surface;
    explorer.surfaceKey = key;
    explorer.image = new Image();
    await new Promise((resolve) => { explorer.image.onload = resolve; explorer.image.src = surface.image; });
    return surface;
  } catch (error) {
    // nothing stale stays on screen: the page shows no contours until the function draws again
    explorer.surface = null;
    explorer.image = null;
    explorer.surfaceKey = '';
    if (state.fn === '' && (error.column > 0 || /formula|variables|column/.test(error.message))) showFormulaError(error);
    else showMessage(error.message);
    throw error;
  }
}

function makePanels(titles) {
  const container = $('panels');
  container.textContent = '';
  explorer.panels = titles.map((title, index) => {
    const panel = document.createElement('div');
    panel.className = 'panel';
    const heading = document.createElement('h2');
    heading.textContent = title;
    const axes = document.createElement('div');
    axes.className = 'axes';
    let frame = '';
    if (explorer.surface) {
      const [x0, x1, y0, y1] = explorer.surface.range;
      frame = 'x from ' + x0 + ' to ' + x1 + ', y from ' + y0 + ' to ' + y1;
    }
    axes.textContent = frame;
    const canvas = document.createElement('canvas');
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    canvas.id = index === 0 ? 'plot' : 'plot-' + index;
    if (titles.length > 1) canvas.style.width = Math.floor(Math.min(WIDTH, (window.innerWidth - 420) / titles.length)) + 'px';
    canvas.addEventListener('mousemove', (event) => {
      if (!explorer.surface) return;
      const rect = canvas.getBoundingClientRect();
      const [x, y] = toPoint(explorer.surface, (event.clientX - rect.left) * WIDTH / rect.width,
        (event.clientY - rect.top) * HEIGHT / rect.height);
      axes.textContent = frame + '; pointer at (' + x.toPrecision(4) + ', ' + y.toPrecision(4) + ')';
    });
    canvas.addEventListener('mouseleave', () => { axes.textContent = frame; });
    panel.append(heading, canvas, axes);
    container.appendChild(panel);
    const entry = { canvas, title, runs: [], surface: explorer.surface, image: explorer.image, basins: false };
    canvas.addEventListener('click', (event) => onPlotClick(entry, event));
    return entry;
  });
}

function onPlotClick(panel, event) {
  if (state.mode !== 'race' || !panel.surface) return;
  if (state.starts.length >= MAX_STARTS) { showMessage('at most ' + MAX_STARTS + ' starts: clear some first'); return; }
  const rect = panel.canvas.getBoundingClientRect();
  const px = (event.clientX - rect.left) * WIDTH / rect.width;
  const py = (event.clientY - rect.top) * HEIGHT / rect.height;
  const [x, y] = toPoint(panel.surface, px, py);
  const [x0, x1, y0, y1] = panel.surface.range;
  state.starts.push(roundCoordinate(x, x1 - x0) + ',' + roundCoordinate(y, y1 - y0));
  renderStarts();
  rebuild();
}

// ---- runs ----

function abortAll() {
  for (const run of explorer.runs) if (run.controller) run.controller.abort();
}

function newRun(label, start, optimizer, color, rate) {
  return { label, start, optimizer, color, rate, steps: [], end: null, shown: 0, error: null, controller: null, fetched: false, dotsEvery: 1 };
}

function fetchRun(run) {
  if (run.fetched) return;
  run.fetched = true;
  const params = problemParams();
  params.set('start', run.start);
  optimizerParams(params, run.optimizer, run.rate);
  params.set('max-iter', run.maxIter || state.maxIter);
  run.controller = new AbortController();
  fetch('/api/run?' + params.toString(), { signal: run.controller.signal }).then(async (response) => {
    if (!response.ok) {
      const body = await response.json();
      run.error = body.error;
      showMessage(body.error);
      redraw();
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        const item = JSON.parse(line);
        if (item.end) run.end = item.end;
        else run.steps.push(item);
      }
    }
  }).catch((error) => {
    if (error.name !== 'AbortError') { run.error = error.message; redraw(); }
  });
}

/** "adam lr=0.05 beta1=0.9 ...": the optimizer's numbers and choices, and the flags it sets. */
function optimizerLabel(o, rate) {
  const settings = [];
  for (const key of keysOf(o.kind)) {
    const value = key.name === 'lr' && rate !== undefined ? Number(rate).toPrecision(3) : o[key.name];
    if (key.type === 'flag') {
      if (value === 'true') settings.push(key.name);
    } else {
      settings.push(key.name + '=' + value);
    }
  }
  return o.kind + (settings.length ? ' ' + settings.join(' ') : '');
}

/**
 * The optimizer of the step-size lesson: plain gradient descent while the optimizers are the page's
 * first race (that is the lesson), else the first one with a learning rate of its own (lbfgs and a line
 * search choose their steps), else the first, for the server to say why it has no lesson.
 */
function lessonOptimizer() {
  if (state.optimizers.map((o) => specOf(o, false)).join(';') === explorer.firstRace) return withDefaults({ kind: 'gd' });
  const ruled = state.optimizers.find((o) => o.kind !== 'lbfgs' && !(o.line_search && o.line_search !== 'none'));
  return ruled || state.optimizers[0] || withDefaults({ kind: 'gd' });
}

/** The hint under the lesson's button: which optimizer it shows. */
function showLessonHint() {
  // the lesson chooses the rates, so the page's own is left out of the name
  const name = specOf({ ...lessonOptimizer(), lr: undefined }, false);
  $('lesson-rates-hint').textContent = 'The lesson of ' + name + ' from the first start: its rates found by running it, '
    + 'from 1e-7 to 1e3.' + (name === 'gd' ? ' Change the optimizers to see another rule\'s lesson.' : '');
}

/** Builds the panels and runs of the current mode and settings; nothing is fetched until play or step. */
async function rebuild() {
  abortAll();
  showLessonHint();
  explorer.playing = false;
  explorer.runs = [];
  explorer.basins = null;
  $('basin-legend').textContent = '';
  showMessage('');
  writeHash();
  let surface;
  try {
    surface = await loadSurface(1);
  } catch (error) {
    makePanels(['']);
    redraw();
    return;
  }
  const starts = state.starts.length ? state.starts : [surface.start.join(',')];
  if (state.mode === 'rates') {
    const o = lessonOptimizer();
    const params = problemParams();
    params.set('start', starts[0]);
    optimizerParams(params, o);
    let lesson;
    try {
      lesson = await getJson('/api/rates', params);
    } catch (error) {
      showMessage(error.message);
      return;
    }
    explorer.lesson = lesson;
    showMessage(lesson.absent.join(' '));
    makePanels(lesson.panels.map((p) => p.regime + ': lr = ' + p.rate + ', ' + p.story));
    explorer.panels.forEach((panel, i) => {
      // one optimizer at its rates: a colour per regime, so the loss curves tell them apart; each run
      // streams with the lesson's budget, so it ends where the search's run of that rate ended
      const p = lesson.panels[i];
      const run = newRun(p.regime + ': ' + optimizerLabel(o, p.rate), starts[0], o,
        REGIMES[['too small', 'too large', 'good'].indexOf(p.regime)], String(p.rate));
      run.maxIter = String(lesson.maxIter);
      panel.runs.push(run);
      explorer.runs.push(run);
    });
  } else if (state.mode === 'basins') {
    const o = state.optimizers[0] || withDefaults({ kind: 'lbfgs' });
    makePanels([state.basinStarts + ' seeded starts (seed ' + state.seed + ') of ' + optimizerLabel(o)
      + ': each path, and each region of starts, coloured by the minimum it leads to']);
    explorer.panels[0].basins = true;
    const params = problemParams();
    if (state.range) params.set('range', state.range);
    params.set('starts', state.basinStarts);
    params.set('seed', state.seed);
    params.set('grid', '32');
    optimizerParams(params, o);
    params.set('max-iter', state.maxIter);
    try {
      explorer.basins = await getJson('/api/basins', params);
    } catch (error) {
      showMessage(error.message);
      return;
    }
    const legend = $('basin-legend');
    explorer.basins.minima.forEach((m, i) => {
      const line = document.createElement('div');
      line.textContent = (m.global ? 'global' : 'local') + ' minimum (' + m.x[0].toPrecision(5) + ', ' + m.x[1].toPrecision(5)
        + '), f = ' + m.f.toPrecision(8) + ', from ' + m.hits + ' start' + (m.hits === 1 ? '' : 's');
      line.style.color = PALETTE[i % PALETTE.length] === '#FFFFFF' ? '#555' : PALETTE[i % PALETTE.length];
      line.className = m.global ? 'global' : 'local';
      legend.appendChild(line);
    });
  } else {
    makePanels([surface.description]);
    state.optimizers.forEach((o, i) => {
      for (const start of starts) {
        const run = newRun(optimizerLabel(o), start, o, PALETTE[i % PALETTE.length]);
        explorer.panels[0].runs.push(run);
        explorer.runs.push(run);
      }
    });
  }
  redraw();
}

let lastFrame = 0;
function frame(now) {
  const dt = lastFrame ? (now - lastFrame) / 1000 : 0;
  lastFrame = now;
  if (explorer.playing) {
    let moving = false;
    for (const run of explorer.runs) {
      const target = run.shown + explorer.speed * dt;
      run.shown = Math.min(target, Math.max(0, run.steps.length - 1));
      if (!(run.end && run.shown >= run.steps.length - 1) && !run.error) moving = true;
    }
    if (!moving) explorer.playing = false;
    redraw();
  }
  requestAnimationFrame(frame);
}

// ---- controls ----

function renderStarts() {
  const list = $('starts');
  list.textContent = '';
  for (const start of state.starts) {
    const item = document.createElement('li');
    item.textContent = '(' + start + ')';
    list.appendChild(item);
  }
  if (!state.starts.length) {
    const item = document.createElement('li');
    item.textContent = 'the function\'s standard start';
    list.appendChild(item);
  }
}

function renderOptimizers() {
  const box = $('optimizers');
  box.textContent = '';
  state.optimizers.forEach((o, index) => {
    const row = document.createElement('div');
    row.className = 'optimizer';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = PALETTE[index % PALETTE.length];
    const kind = document.createElement('select');
    kind.className = 'kind';
    for (const [name, entry] of OPTIMIZERS) {
      const option = new Option(name, name, false, name === o.kind);
      option.title = entry.summary;
      kind.add(option);
    }
    kind.addEventListener('change', () => {
      state.optimizers[index] = withDefaults({ kind: kind.value });
      renderOptimizers();
      rebuild();
    });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'remove';
    remove.addEventListener('click', () => { state.optimizers.splice(index, 1); renderOptimizers(); rebuild(); });
    row.append(swatch, ' ', kind, ' ', remove);
    for (const key of keysOf(o.kind)) row.appendChild(settingControl(o, key));
    box.appendChild(row);
  });
  $('add-optimizer').disabled = state.optimizers.length >= MAX_OPTIMIZERS;
}

/** The control of one key: a box for a number or a pair (the rate with a log slider), a checkbox for a flag, a list for a choice. */
function settingControl(o, key) {
  const label = document.createElement('label');
  label.textContent = key.name + ' ';
  label.title = key.help + (key.range ? ', ' + key.range : '') + (key.note ? ' (default ' + key.note + ')' : '');
  let control;
  if (key.type === 'flag') {
    control = document.createElement('input');
    control.type = 'checkbox';
    control.checked = o[key.name] === 'true';
    control.addEventListener('change', () => { o[key.name] = String(control.checked); rebuild(); });
  } else if (key.type === 'choice') {
    control = document.createElement('select');
    for (const choice of key.choices) control.add(new Option(choice, choice, false, choice === o[key.name]));
    control.addEventListener('change', () => { o[key.name] = control.value; rebuild(); });
  } else {
    control = document.createElement('input');
    control.type = 'text';
    control.value = o[key.name];
    control.size = 8;
    let slider = null;
    control.addEventListener('change', () => {
      o[key.name] = control.value.trim();
      if (slider) slider.value = Math.log10(Number(o[key.name]));
      rebuild();
    });
    if (key.name === 'lr') {
      slider = document.createElement('input');
      slider.type = 'range';
      slider.min = '-5';
      slider.max = '1';
      slider.step = '0.01';
      slider.value = String(Math.log10(Number(o.lr)));
      slider.title = 'learning rate, log scale from 1e-5 to 10';
      slider.addEventListener('input', () => { o.lr = Number(Math.pow(10, Number(slider.value)).toPrecision(3)).toString(); control.value = o.lr; });
      slider.addEventListener('change', () => rebuild());
      label.append(slider, ' ');
    }
  }
  control.className = 'setting-' + key.name;
  label.appendChild(control);
  return label;
}

function play() {
  if (state.mode === 'basins') return;
  for (const run of explorer.runs) fetchRun(run);
  if (explorer.runs.every((r) => r.end && r.shown >= r.steps.length - 1)) explorer.runs.forEach((r) => { r.shown = 0; });
  explorer.playing = true;
}

function step() {
  explorer.playing = false;
  for (const run of explorer.runs) {
    fetchRun(run);
    run.shown = Math.min(Math.floor(run.shown) + 1, Math.max(0, run.steps.length - 1));
  }
  redraw();
}

async function init() {
  const { optimizers } = await getJson('/api/optimizers', new URLSearchParams());
  for (const entry of optimizers) OPTIMIZERS.set(entry.name, entry);
  // the page's first race, whose lesson is plain gradient descent's
  explorer.firstRace = state.optimizers.map(withDefaults).map((o) => specOf(o, false)).join(';');
  readHash();
  // an optimizer the server does not know (a link from another version) is left out
  state.optimizers = state.optimizers.filter((o) => OPTIMIZERS.has(o.kind)).map(withDefaults);
  const { functions } = await getJson('/api/functions', new URLSearchParams());
  for (const f of functions) $('function').add(new Option(f.description, f.name, false, f.name === state.fn));
  $('range').value = state.range;
  $('max-iter').value = state.maxIter;
  $('basin-starts').value = state.basinStarts;
  $('basin-seed').value = state.seed;
  // a new function starts a new race: the lessons are one click away again
  const showSource = () => {
    // a built-in function empties the formula box, so the page never shows a formula it is not drawing
    $('formula').value = state.fn ? '' : state.expr;
    $('formula').placeholder = state.fn ? 'type a formula to draw it instead of ' + state.fn : '';
  };
  $('function').addEventListener('change', () => {
    state.fn = $('function').value; state.range = ''; $('range').value = ''; state.starts = []; state.mode = 'race';
    showSource(); renderStarts(); rebuild();
  });
  $('formula').addEventListener('change', () => {
    state.fn = ''; $('function').value = ''; state.expr = $('formula').value; state.mode = 'race'; rebuild();
  });
  $('formula').addEventListener('keydown', (event) => { if (event.key === 'Enter') $('formula').dispatchEvent(new Event('change')); });
  $('range').addEventListener('change', () => { state.range = $('range').value.trim(); rebuild(); });
  $('max-iter').addEventListener('change', () => { state.maxIter = $('max-iter').value; rebuild(); });
  $('clear-starts').addEventListener('click', () => { state.starts = []; renderStarts(); rebuild(); });
  $('add-optimizer').addEventListener('click', () => {
    const used = new Set(state.optimizers.map((o) => o.kind));
    const kind = [...OPTIMIZERS.keys()].find((k) => !used.has(k)) || 'sgd';
    state.optimizers.push(withDefaults({ kind }));
    renderOptimizers();
    rebuild();
  });
  $('play').addEventListener('click', play);
  $('pause').addEventListener('click', () => { explorer.playing = false; });
  $('step').addEventListener('click', step);
  $('reset').addEventListener('click', () => { state.mode = 'race'; rebuild(); });
  const speed = () => { explorer.speed = Math.pow(10, Number($('speed').value)); $('speed-value').textContent = Math.round(explorer.speed) + ' steps/s'; };
  $('speed').addEventListener('input', speed);
  speed();
  $('lesson-rates').addEventListener('click', () => { state.mode = 'rates'; rebuild(); });
  $('lesson-basins').addEventListener('click', () => {
    state.mode = 'basins';
    state.basinStarts = $('basin-starts').value;
    state.seed = $('basin-seed').value;
    rebuild();
  });
  showSource();
  window.addEventListener('beforeunload', abortAll);
  renderStarts();
  renderOptimizers();
  await rebuild();
  requestAnimationFrame(frame);
  document.body.dataset.ready = 'true';
}

init().catch((error) => showMessage(error.message));
