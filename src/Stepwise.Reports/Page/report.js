// The report page's own script: draws every chart's Vega-Lite spec with vega-embed (inlined above it), and wires the
// per-chart tools — "Download data (CSV)" (the chart's embedded table, written in the browser) and the log-scale
// step axis. No network: every spec carries its data. window.stepwiseReport tells tests (and --png) when it is done.
// Opened with the fragment #stepwise-png, it also writes each chart as a PNG data URL into <pre id="stepwise-png">
// (how `stepwise report --png` turns charts into files through headless Chromium's --dump-dom).
(function () {
  'use strict';
  var report = window.stepwiseReport = { charts: [], rendered: [], failed: [], done: false, views: {} };
  var embedOptions = {
    renderer: 'svg',
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { theme: 'light' },
    i18n: { PNG_ACTION: 'Save as PNG', SVG_ACTION: 'Save as SVG' }
  };

  function specOf(id) { return JSON.parse(document.getElementById('spec-' + id).textContent); }

  // Every quantitative x encoding of a chart with a step axis gets the scale type (linear or symlog).
  function setStepScale(node, type) {
    if (Array.isArray(node)) { node.forEach(function (n) { setStepScale(n, type); }); return; }
    if (!node || typeof node !== 'object') return;
    if (node.encoding && node.encoding.x && node.encoding.x.type === 'quantitative') {
      node.encoding.x.scale = Object.assign({}, node.encoding.x.scale || {}, { type: type });
    }
    Object.keys(node).forEach(function (k) { if (k !== 'datasets' && k !== 'data') setStepScale(node[k], type); });
  }

  function draw(id, logx) {
    var spec = specOf(id);
    if (logx) setStepScale(spec, 'symlog');
    var old = report.views[id];
    return vegaEmbed('#vis-' + id, spec, Object.assign({}, embedOptions, { downloadFileName: id })).then(function (result) {
      if (old) old.finalize();
      report.views[id] = result.view;
      return result;
    });
  }

  function csvCell(v) {
    if (v === null || v === undefined) return '';
    var s = String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function downloadCsv(id) {
    var figure = document.querySelector('figure[data-chart="' + id + '"]');
    var columns = JSON.parse(figure.getAttribute('data-columns'));
    var rows = specOf(id).datasets.table;
    var lines = [columns.map(csvCell).join(',')];
    rows.forEach(function (r) { lines.push(columns.map(function (c) { return csvCell(r[c]); }).join(',')); });
    var blob = new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = id + '.csv';
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  function showError(id, error) {
    var message = (error && error.message) ? error.message : String(error);
    report.failed.push(id + ': ' + message);
    var el = document.getElementById('vis-' + id);
    el.textContent = 'This chart could not be drawn: ' + message;
    el.className += ' failed';
  }

  var figures = Array.prototype.slice.call(document.querySelectorAll('figure.chart'));
  var drawn = figures.map(function (figure) {
    var id = figure.getAttribute('data-chart');
    report.charts.push(id);
    var toggle = figure.querySelector('input.logx');
    if (toggle) toggle.addEventListener('change', function () { draw(id, toggle.checked).catch(function (e) { showError(id, e); }); });
    figure.querySelector('button.csv').addEventListener('click', function () { downloadCsv(id); });
    return draw(id, false).then(function () { report.rendered.push(id); }, function (e) { showError(id, e); });
  });

  Promise.all(drawn).then(function () {
    if (location.hash !== '#stepwise-png') return null;
    var out = document.getElementById('stepwise-png');
    return Promise.all(report.rendered.map(function (id) {
      return report.views[id].toImageURL('png', 2).then(function (url) { return id + ' ' + url; });
    })).then(function (lines) { out.textContent = lines.join('\n'); });
  }).then(function () {
    report.doneAt = performance.now(); // ms since navigation start
    report.done = true;
    document.documentElement.setAttribute('data-rendered', report.failed.length === 0 ? 'ok' : 'failed');
  });
})();
