// The imports pages (issue 15). The pages work without script; this follows a dry run or an
// import in progress (GET /api/imports/ID), moves the progress bar and reloads the page once the
// work is done, so that the result shows without the clerk reloading. It also marks the columns
// whose mapping was changed and keeps a form from being sent twice.
'use strict';

(function () {
  const sleep = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };

  async function follow(live) {
    const id = live.dataset.id;
    const total = Number(live.dataset.total || 0);
    const rows = document.getElementById('import-progress-rows');
    const bar = document.getElementById('import-progress');
    const state = document.getElementById('import-state');
    let shown = state ? state.textContent : '';
    for (;;) {
      await sleep(700);
      let task = null;
      try {
        const r = await fetch('/api/imports/' + encodeURIComponent(id),
                              { headers: { Accept: 'application/json' } });
        if (r.ok) task = await r.json();
      } catch (e) { /* the server restarting: ask again */ }
      if (!task) continue;
      if (rows) rows.textContent = String(task.progress);
      if (bar && total > 0) bar.value = Math.min(task.progress, total);
      if (!task.busy || task.state !== shown) {
        // A new state: the server draws the page (mapping, problems, result) as it is now.
        if (!task.busy) { window.location.reload(); return; }
        shown = task.state;
        if (state) state.textContent = task.state;
        const doing = document.getElementById('import-doing');
        const label = { 预检中: '正在预检', 导入中: '正在导入' }[task.state];
        if (doing && label) doing.textContent = label;
      }
    }
  }

  function markChanges(form) {
    form.querySelectorAll('select').forEach(function (select) {
      const was = select.value;
      select.addEventListener('change', function () {
        select.classList.toggle('changed', select.value !== was);
      });
    });
  }

  function once(form) {
    form.addEventListener('submit', function () {
      const button = form.querySelector('button[type="submit"]');
      if (button) setTimeout(function () { button.disabled = true; }, 0);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    const live = document.getElementById('import-live');
    if (live && live.dataset.busy === 'true') follow(live);
    const mapping = document.querySelector('form.import-mapping');
    if (mapping) markChanges(mapping);
    document.querySelectorAll('form.import-form, form.import-mapping, form.import-run').forEach(once);
  });
})();
