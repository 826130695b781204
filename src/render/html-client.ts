/**
 * What the page's script reads from `<script type="application/json" id="racelens-data">`:
 * per kind, the group counts the chart draws; per group (in page order), its kind, status and
 * the lower-cased text the filter searches.
 */
export interface ClientData {
  readonly kinds: readonly ClientKind[];
  readonly groups: readonly ClientGroup[];
}

export interface ClientKind {
  readonly label: string;
  /** The report family: picks the bar's colour (`--race`, `--deadlock`, ...). */
  readonly family: string;
  readonly groups: number;
}

export interface ClientGroup {
  /** Index into `kinds`. */
  readonly k: number;
  readonly s: 'new' | 'known' | 'suppressed';
  /** The group's state (decisions): new, known, ignored, fixed, regressed. */
  readonly d: 'new' | 'known' | 'ignored' | 'fixed' | 'regressed';
  /** Everything a person may type to find the group, lower case, one item a line. */
  readonly t: string;
}

/**
 * The page's script, inlined as is (plain ES2020: no build step, no modules). The page is whole
 * without it (groups expand as `<details>`, the kind table has the chart's numbers); it adds the
 * filter, the chart and opening a group a link points to. It reads data with JSON.parse and
 * writes only with textContent, `hidden` and `open`: no log text is ever parsed as markup.
 */
export const HTML_CLIENT_SCRIPT = `
(function () {
  'use strict';
  var source = document.getElementById('racelens-data');
  if (!source) return;
  var data = JSON.parse(source.textContent || '{}');
  var groups = Array.prototype.slice.call(document.querySelectorAll('details.group'));
  if (groups.length !== data.groups.length) return;

  var search = document.getElementById('filter-text');
  var newOnly = document.getElementById('filter-new');
  var stateBox = document.getElementById('filter-state');
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll('input[data-kind]'));
  var shown = document.getElementById('filter-count');
  var empty = document.getElementById('filter-empty');
  var bar = document.getElementById('filters');

  function apply() {
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var kinds = {};
    kindBoxes.forEach(function (box) { if (box.checked) kinds[box.getAttribute('data-kind')] = true; });
    var count = 0;
    groups.forEach(function (element, i) {
      var group = data.groups[i];
      var visible = kinds[String(group.k)] === true && (!newOnly.checked || group.s === 'new') &&
        (!stateBox || stateBox.value === '' || group.d === stateBox.value) &&
        terms.every(function (term) { return group.t.indexOf(term) !== -1; });
      if (element.hidden === visible) element.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = count + ' of ' + groups.length + ' group' + (groups.length === 1 ? '' : 's');
    empty.hidden = count !== 0;
  }

  // Thousands of groups: filter once typing pauses, not on every key.
  var pending = 0;
  function schedule() {
    clearTimeout(pending);
    pending = setTimeout(apply, groups.length > 500 ? 120 : 30);
  }

  if (bar && search && newOnly && shown && empty) {
    bar.hidden = false;
    kindBoxes.forEach(function (box) { box.hidden = false; });
    search.addEventListener('input', schedule);
    newOnly.addEventListener('change', apply);
    if (stateBox) stateBox.addEventListener('change', apply);
    kindBoxes.forEach(function (box) { box.addEventListener('change', apply); });
    document.addEventListener('keydown', function (event) {
      if (event.key === '/' && document.activeElement !== search) {
        event.preventDefault();
        search.focus();
      }
    });
    apply();
  }

  // A link to #g-<id> (a related group) opens that group, showing it if the filter hid it.
  function openTarget() {
    var id = location.hash.slice(1);
    if (!id) return;
    try { id = decodeURIComponent(id); } catch (e) { return; }
    var target = document.getElementById(id);
    if (!target || !target.classList.contains('group')) return;
    target.hidden = false;
    target.open = true;
    target.scrollIntoView({ block: 'start' });
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();

  var box = document.getElementById('chart-box');
  var canvas = document.getElementById('kind-chart');
  if (!box || !canvas || typeof Chart === 'undefined' || data.kinds.length === 0) return;
  box.hidden = false;
  box.style.height = Math.min(48 + 24 * data.kinds.length, 320) + 'px';
  var css = getComputedStyle(document.documentElement);
  function color(name) { return css.getPropertyValue(name).trim(); }
  function short(label) { return label.length > 30 ? label.slice(0, 29) + '\\u2026' : label; }
  var families = ['race', 'deadlock', 'thread', 'mutex', 'signal'];
  Chart.defaults.font.family = color('--sans');
  Chart.defaults.color = color('--muted');
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.kinds.map(function (kind) { return short(kind.label); }),
      datasets: [{
        label: 'groups', borderRadius: 3, maxBarThickness: 16,
        data: data.kinds.map(function (kind) { return kind.groups; }),
        backgroundColor: data.kinds.map(function (kind) {
          return color(families.indexOf(kind.family) === -1 ? '--unknown' : '--' + kind.family);
        }),
      }],
    },
    options: {
      indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: function (items) { return data.kinds[items[0].dataIndex].label; } } },
      },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: color('--line') },
          title: { display: true, text: 'groups' } },
        y: { grid: { display: false } },
      },
    },
  });
})();
`;
