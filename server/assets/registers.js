// The desk's registers pages (issue 15). The pages work without script (the forms post and the
// server answers with the page); this adds, to the form adding a row, the problems shown at
// their fields without leaving the page, and a last confirmation before a volume is closed.
'use strict';

(function () {
  const form = document.querySelector('form.register-row[data-api]');
  if (form) {
    const summary = document.createElement('div');
    summary.className = 'notice error';
    summary.setAttribute('role', 'alert');
    summary.hidden = true;
    form.before(summary);  // outside the grid, which pairs labels and inputs

    const clear = () => {
      summary.hidden = true;
      summary.textContent = '';
      for (const span of form.querySelectorAll('.field-problem')) span.textContent = '';
      for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clear();
      const data = new FormData(form);
      const body = { values: {}, volume: data.get('volume') || '' };
      if (data.get('voids')) {
        body.voids = data.get('voids');
        body.reason = data.get('reason') || '';
      }
      for (const [name, value] of data.entries()) {
        if (['csrf', 'volume', 'voids', 'reason'].includes(name)) continue;
        if (String(value).trim() !== '') body.values[name] = String(value);
      }
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const res = await fetch(form.dataset.api, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': data.get('csrf') },
          body: JSON.stringify(body),
          credentials: 'same-origin',
        });
        const answer = await res.json().catch(() => ({}));
        if (res.status === 201) {
          const page = new URL(window.location.href);
          page.search = `?volume=${encodeURIComponent(answer.volume)}&added=${answer.row_no}`;
          page.hash = `row-${answer.row_no}`;
          window.location.assign(page.toString());
          return;
        }
        const problems = answer.problems || [{ message: `提交失败（${res.status}）` }];
        const general = [];
        for (const p of problems) {
          const span = p.field && form.querySelector(`.field-problem[data-field="${CSS.escape(p.field)}"]`);
          if (span) {
            span.textContent = p.reason || p.message;
            const input = span.parentElement.querySelector('input, select, textarea');
            if (input) input.setAttribute('aria-invalid', 'true');
          } else {
            general.push(p.field ? `${p.field}：${p.message}` : p.message);
          }
        }
        summary.textContent = general.length ? general.join('；') : '这一行不能登记，请改正标出的字段。';
        summary.hidden = false;
        const first = form.querySelector('[aria-invalid="true"]');
        if (first) first.focus();
      } catch (e) {
        summary.textContent = `无法连接服务器：${e.message}`;
        summary.hidden = false;
      } finally {
        button.disabled = false;
      }
    });
  }

  const close = document.querySelector('section.register-close form');
  if (close) {
    close.addEventListener('submit', (event) => {
      if (!window.confirm('封册后本册不能再添加行，并将归档为一件。确认封册？')) event.preventDefault();
    });
  }
})();
