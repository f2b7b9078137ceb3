// The forms pages of the clerk's desk (issue 15). On /forms the search box asks GET
// /api/forms?q= as the clerk types (pinyin, initials, traditional characters: the API matches).
// On /forms/{ID} every value goes to POST /api/forms/{ID}/check, which answers the generator's
// own problems, computed values, 大写 and approval chain: no rule of a form is repeated here,
// the page only shows what the check says where it says it. The values are saved as the
// account's draft on the same pause in typing, and the draft gives the preview and downloads.
'use strict';

(function () {
  const DELAY = 300;

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  function el(tag, content, className) {
    const node = document.createElement(tag);
    if (content !== undefined && content !== null) node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  // JSON in and out; {status, body} whatever the status (body null when not JSON).
  async function call(method, url, data) {
    const init = { method: method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (method !== 'GET') {
      init.headers['X-CSRF-Token'] = csrfToken();
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(data === undefined ? {} : data);
    }
    try {
      const res = await fetch(url, init);
      let body = null;
      try { body = await res.json(); } catch (e) { body = null; }
      return { status: res.status, body: body };
    } catch (e) {
      return { status: 0, body: null };
    }
  }

  function failure(status, body) {
    if (body && Array.isArray(body.problems) && body.problems.length) {
      return body.problems.map(function (p) { return p.message || p.code; }).join('；');
    }
    if (status === 0) return '无法连接服务器，请检查网络';
    if (status === 401) return '会话已结束，请重新登录（内容已保存在草稿中的部分不会丢失）';
    if (status === 403) return '无权进行此操作，或页面已过期（请刷新）';
    return '服务器出错（HTTP ' + status + '）';
  }

  function debounce(fn) {
    let timer = 0;
    const later = function () {
      clearTimeout(timer);
      timer = setTimeout(fn, DELAY);
    };
    later.cancel = function () { clearTimeout(timer); };
    return later;
  }

  // ---- /forms: the catalogue --------------------------------------------------------------

  function entryOf(t) {
    const li = el('li', null, 'form-entry');
    const a = el('a');
    a.href = (t.kind === '登记表' ? '/registers/' : '/forms/') + encodeURIComponent(t.id);
    a.appendChild(el('span', t.id, 'form-id'));
    a.appendChild(document.createTextNode(' '));
    a.appendChild(el('span', t.title, 'form-title'));
    li.appendChild(a);
    if (t.kind === '登记表') {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', '登记表', 'tag'));
    }
    let article = t.source || '';
    if (t.regulation && article.indexOf(t.regulation) === 0) article = article.slice(t.regulation.length);
    if (article) li.appendChild(el('span', article, 'form-source'));
    return li;
  }

  function listOf(templates) {
    const ul = el('ul', null, 'forms');
    templates.forEach(function (t) { ul.appendChild(entryOf(t)); });
    return ul;
  }

  function renderCatalogue(box, data, q) {
    const templates = Array.isArray(data.templates) ? data.templates : [];
    box.textContent = '';
    if (q) {
      box.appendChild(el('h2', '查找结果'));
      const count = el('p', null, 'count');
      count.setAttribute('role', 'status');
      count.appendChild(document.createTextNode('找到 '));
      count.appendChild(el('strong', String(templates.length)));
      count.appendChild(document.createTextNode(' 个表单'));
      box.appendChild(count);
      if (!templates.length) box.appendChild(el('p', '没有找到。可以输入编号（O-09）、名称（用印）或拼音首字母（yydj）。', 'empty'));
      box.appendChild(listOf(templates));
      return;
    }
    const byId = {};
    templates.forEach(function (t) { byId[t.id] = t; });
    const recent = (Array.isArray(data.recent) ? data.recent : []).map(function (id) { return byId[id]; })
      .filter(Boolean);
    if (recent.length) {
      const section = el('section', null, 'recent');
      section.appendChild(el('h2', '最近使用'));
      section.appendChild(listOf(recent));
      box.appendChild(section);
    }
    // regulation → category, in the order the API sorted them.
    const groups = new Map();
    templates.forEach(function (t) {
      const reg = t.regulation || '其他';
      if (!groups.has(reg)) groups.set(reg, new Map());
      const cats = groups.get(reg);
      const cat = t.category || '其他';
      if (!cats.has(cat)) cats.set(cat, []);
      cats.get(cat).push(t);
    });
    // Regulations and categories in the order the server's page has them (by their text).
    const byText = function (a, b) { return a < b ? -1 : a > b ? 1 : 0; };
    Array.from(groups.keys()).sort(byText).forEach(function (reg) {
      const cats = groups.get(reg);
      const section = el('section', null, 'regulation');
      section.appendChild(el('h2', reg));
      Array.from(cats.keys()).sort(byText).forEach(function (cat) {
        section.appendChild(el('h3', cat));
        section.appendChild(listOf(cats.get(cat)));
      });
      box.appendChild(section);
    });
  }

  function initCatalogue(box) {
    const input = document.getElementById('q');
    const form = input && input.form;
    if (!input || !form) return;
    let asked = 0;
    async function search() {
      const q = input.value.trim();
      const mine = ++asked;
      box.setAttribute('aria-busy', 'true');
      const r = await call('GET', '/api/forms' + (q ? '?q=' + encodeURIComponent(q) : ''));
      if (mine !== asked) return;  // a later search already answered
      box.setAttribute('aria-busy', 'false');
      if (r.status !== 200 || !r.body) return;  // the server's own list stays
      renderCatalogue(box, r.body, q);
      const url = new URL(window.location.href);
      if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
      history.replaceState(null, '', url.pathname + url.search);
    }
    input.addEventListener('input', debounce(search));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      search();
    });
  }

  // ---- /forms/{ID}: filling a form ----------------------------------------------------------

  function initForm(form) {
    const id = form.dataset.form;
    let draft = form.dataset.draft || '';
    const fields = form.querySelector('fieldset.fields');
    const tbody = form.querySelector('#rows tbody');
    const rowTemplate = document.getElementById('row-template');
    const addRow = document.getElementById('add-row');
    const status = document.getElementById('check-status');
    const draftStatus = document.getElementById('draft-status');
    const summary = document.getElementById('check-problems');
    const docTitle = document.getElementById('doc-title');
    const chain = document.getElementById('approval-chain');
    const basis = document.getElementById('approval-basis');
    const preview = document.getElementById('preview');
    const previewHint = document.getElementById('preview-hint');
    const outputHint = document.getElementById('output-hint');
    const links = {
      pdf: document.getElementById('download-pdf'),
      xlsx: document.getElementById('download-xlsx'),
      print: document.getElementById('print-pdf'),
    };
    const fileButton = document.getElementById('file-form');
    const filed = document.getElementById('filed');
    const dynamicChain = !!basis;  // a chain chosen by amount; a fixed one stays as printed
    let rowCounter = tbody ? tbody.rows.length : 0;
    let asked = 0;
    let dirty = false;  // typed since the page opened: only then is a draft saved
    let filings = 0;  // counts 归档 clicks: a save or check sent before one is answered for nothing
    let sentRows = [];  // the <tr> of each row sent, in order: the check's row n is sentRows[n-1]

    function headerInputs() {
      return Array.from(fields.querySelectorAll('[data-field]'));
    }

    function rowInputs(tr) {
      return Array.from(tr.querySelectorAll('[data-field]'));
    }

    function collect() {
      const values = {};
      headerInputs().forEach(function (input) {
        const v = input.value.trim() === '' ? '' : input.value;
        if (v !== '') values[input.dataset.field] = v;
      });
      sentRows = [];
      if (tbody) {
        const rows = [];
        Array.from(tbody.rows).forEach(function (tr) {
          const row = {};
          let any = false;
          rowInputs(tr).forEach(function (input) {
            if (input.value.trim() === '') return;
            row[input.dataset.field] = input.value;
            any = true;
          });
          if (!any) return;  // an empty row is left out, as the printed form leaves it blank
          rows.push(row);
          sentRows.push(tr);
        });
        values['明细'] = rows;
      }
      return values;
    }

    function renumber() {
      if (!tbody) return;
      Array.from(tbody.rows).forEach(function (tr, i) {
        const serial = tr.querySelector('.serial');
        if (serial) serial.textContent = String(i + 1);
        const remove = tr.querySelector('.remove-row');
        if (remove) remove.setAttribute('aria-label', '删除第 ' + (i + 1) + ' 行');
      });
    }

    function newRow() {
      const fragment = rowTemplate.content.cloneNode(true);
      const tr = fragment.querySelector('tr');
      const n = 'x' + (++rowCounter);
      tr.querySelectorAll('[id]').forEach(function (node) { node.id = node.id.replace(/^rN/, 'r' + n); });
      tr.querySelectorAll('[aria-describedby]').forEach(function (node) {
        node.setAttribute('aria-describedby', node.getAttribute('aria-describedby').replace(/^rN/, 'r' + n));
      });
      tbody.appendChild(tr);
      renumber();
      return tr;
    }

    function setValue(input, value) {
      input.value = value === undefined || value === null ? '' : String(value);
    }

    function fill(values, onlyEmpty) {
      headerInputs().forEach(function (input) {
        const name = input.dataset.field;
        if (!(name in values)) return;
        if (onlyEmpty && input.value !== '') return;
        setValue(input, values[name]);
      });
      const rows = Array.isArray(values['明细']) ? values['明细'] : [];
      if (!tbody || onlyEmpty || !rows.length) return;
      while (tbody.rows.length < rows.length) newRow();
      rows.forEach(function (row, i) {
        rowInputs(tbody.rows[i]).forEach(function (input) { setValue(input, row[input.dataset.field]); });
      });
    }

    // ---- what the check says, where it says it

    function problemNodeOf(input) {
      const ids = (input.getAttribute('aria-describedby') || '').split(' ');
      return ids.length ? document.getElementById(ids[0]) : null;
    }

    function clearProblems() {
      form.querySelectorAll('[aria-invalid]').forEach(function (input) { input.removeAttribute('aria-invalid'); });
      form.querySelectorAll('p.problem').forEach(function (p) {
        p.textContent = '';
        p.hidden = true;
      });
      summary.textContent = '';
    }

    function placeOf(problem) {
      const field = problem.field || '';
      const row = Number(problem.row || 0);
      const rowsMessage = document.getElementById('rows-p');
      if (row > 0 && sentRows[row - 1]) {
        const td = Array.from(sentRows[row - 1].cells).find(function (c) { return c.dataset.col === field; });
        if (td) return { input: td.querySelector('[data-field]'), message: td.querySelector('p.problem') };
        return rowsMessage ? { input: null, message: rowsMessage } : null;
      }
      if (field === '明细' && rowsMessage) return { input: null, message: rowsMessage };
      if (!field) return null;
      const box = Array.from(fields.querySelectorAll('.field')).find(function (d) { return d.dataset.name === field; });
      if (!box) return null;
      return { input: box.querySelector('[data-field]'), message: box.querySelector('p.problem') };
    }

    // The message without the place it names (第 2 行 数量：…), since it is shown at that place.
    function messageOf(p) {
      const text = p.message || p.code || '有误';
      const places = [p.field + '：', '第 ' + p.row + ' 行 ' + p.field + '：', '第' + p.row + '行' + p.field + '：'];
      for (const place of places) {
        if (p.field && text.indexOf(place) === 0 && text.length > place.length) return text.slice(place.length);
      }
      return text;
    }

    function showProblems(problems) {
      clearProblems();
      problems.forEach(function (p) {
        const where = placeOf(p);
        const text = messageOf(p);
        if (where && where.message) {
          where.message.textContent = where.message.textContent ? where.message.textContent + '；' + text : text;
          where.message.hidden = false;
          if (where.input) where.input.setAttribute('aria-invalid', 'true');
        }
        // Every problem is listed in the panel too, with its place, so none is out of sight. A
        // row is named by its number on the page (the check counts only the rows sent).
        const li = el('li');
        const tr = Number(p.row) > 0 ? sentRows[Number(p.row) - 1] : null;
        const rowNumber = tr ? Array.from(tbody.rows).indexOf(tr) + 1 : Number(p.row);
        const place = (Number(p.row) > 0 ? '第 ' + rowNumber + ' 行 ' : '') + (p.field || '');
        if (where && where.input) {
          const a = el('a', place || '此处');
          a.href = '#' + where.input.id;
          a.addEventListener('click', function (e) {
            e.preventDefault();
            where.input.focus();
          });
          li.appendChild(a);
          li.appendChild(document.createTextNode('：' + text));
        } else {
          li.textContent = (place ? place + '：' : '') + text;
        }
        summary.appendChild(li);
      });
    }

    function showComputed(body) {
      const computed = body.computed || {};
      const capitals = body.capitals || {};
      fields.querySelectorAll('output[data-computed]').forEach(function (out) {
        const v = computed[out.dataset.computed];
        out.textContent = v === undefined || v === '' ? '—' : v;
      });
      form.querySelectorAll('output[data-capitals]').forEach(function (out) {
        const v = capitals[out.dataset.capitals];
        out.textContent = v === undefined || v === '' ? '—' : v;
      });
      if (tbody) {
        const rows = Array.isArray(body.rows) ? body.rows : [];
        Array.from(tbody.rows).forEach(function (tr) {
          const i = sentRows.indexOf(tr);
          tr.querySelectorAll('output[data-computed]').forEach(function (out) {
            const v = i >= 0 && rows[i] ? rows[i][out.dataset.computed] : undefined;
            out.textContent = v === undefined ? '' : v;
          });
        });
      }
      if (dynamicChain && chain) {
        const steps = Array.isArray(body.approval_chain) ? body.approval_chain : [];
        chain.textContent = steps.length ? steps.join(' → ') : '—';
        basis.textContent = body.approval_basis || '';
      }
      if (docTitle) docTitle.textContent = body.title || '—';
    }

    function setOutputs(ok) {
      const ready = ok && !!draft;
      const base = '/api/drafts/' + encodeURIComponent(draft) + '/document.';
      // The API's PDF may not be framed (the server's CSP); the desk's preview route may.
      const framed = '/forms/drafts/' + encodeURIComponent(draft) + '/preview.pdf';
      [['pdf', base + 'pdf'], ['xlsx', base + 'xlsx'], ['print', framed]].forEach(function (pair) {
        const a = links[pair[0]];
        if (!a) return;
        if (ready) {
          a.href = pair[1];
          a.removeAttribute('aria-disabled');
        } else {
          a.removeAttribute('href');
          a.setAttribute('aria-disabled', 'true');
        }
      });
      if (fileButton) fileButton.disabled = !ok;
      outputHint.textContent = ok
        ? (ready ? '检查通过：可以预览、下载、打印' + (fileButton ? '或归档。' : '。') : '检查通过。')
        : '检查通过后可以预览、下载、打印。';
      if (ready) {
        preview.src = framed + '?at=' + Date.now();  // the draft just saved, not a cached copy
        preview.hidden = false;
        previewHint.textContent = '将打印的 PDF（二维码把签字后的扫描件与此件关联）。';
      } else if (!ok) {
        preview.hidden = true;
        preview.removeAttribute('src');
        previewHint.textContent = '检查通过后在此显示将打印的 PDF。';
      }
    }

    async function saveDraft(values) {
      const body = { template_id: id, values: values };
      if (draft) body.id = Number(draft);
      const mine = filings;
      const r = await call('POST', '/api/drafts', body);
      if (mine !== filings) {
        // Filed meanwhile: the filed values are no draft. A draft this save just made goes.
        if (!body.id && r.status === 200 && r.body && r.body.id !== undefined) {
          call('POST', '/api/drafts/' + encodeURIComponent(r.body.id) + '/delete');
        }
        return false;
      }
      if (r.status !== 200 || !r.body || r.body.id === undefined) {
        draftStatus.textContent = '草稿未能保存：' + failure(r.status, r.body);
        return false;
      }
      draft = String(r.body.id);
      form.dataset.draft = draft;
      const url = new URL(window.location.href);
      url.searchParams.set('draft', draft);
      history.replaceState(null, '', url.pathname + url.search);
      draftStatus.textContent = '草稿已保存（' + new Date().toLocaleTimeString('zh-CN', { hour12: false }) + '）';
      return true;
    }

    async function check(save) {
      const values = collect();
      const mine = ++asked;
      status.textContent = '正在检查…';
      const [r] = await Promise.all([
        call('POST', '/api/forms/' + encodeURIComponent(id) + '/check', values),
        save ? saveDraft(values) : Promise.resolve(false),
      ]);
      if (mine !== asked) return;  // the clerk typed on; a later check answers
      const body = r.body || {};
      if (r.status !== 200 && r.status !== 422) {
        status.textContent = '无法检查：' + failure(r.status, r.body);
        status.className = 'error';
        return;
      }
      const problems = Array.isArray(body.problems) ? body.problems : [];
      const ok = r.status === 200 && (body.ok === true || (body.ok === undefined && !problems.length));
      showProblems(problems);
      showComputed(body);
      status.textContent = ok ? '检查通过' : '有 ' + problems.length + ' 处需要修改';
      status.className = ok ? 'ok' : 'error';
      setOutputs(ok);
    }

    let pending = false;  // typed, and the pause that saves it has not come yet
    const debounced = debounce(function () {
      pending = false;
      check(true);
    });
    function later() {
      pending = true;
      debounced();
    }
    form.addEventListener('input', function () {
      dirty = true;
      filed.textContent = '';
      later();
    });
    // Enter in a field would send the form as a GET of this page: the values stay here.
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    // Leaving within the pause: the last keystrokes still reach the draft.
    window.addEventListener('pagehide', function () {
      if (!pending || !dirty) return;
      const body = { template_id: id, values: collect() };
      if (draft) body.id = Number(draft);
      fetch('/api/drafts', {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify(body),
      }).catch(function () {});
    });
    form.addEventListener('change', function () {
      if (!dirty) return;
      later();
    });

    if (tbody) {
      addRow.addEventListener('click', function () {
        const tr = newRow();
        const input = tr.querySelector('[data-field]');
        if (input) input.focus();
      });
      tbody.addEventListener('click', function (e) {
        const button = e.target.closest('.remove-row');
        if (!button) return;
        const tr = button.closest('tr');
        const next = tr.nextElementSibling || tr.previousElementSibling;
        if (tbody.rows.length > 1) {
          tr.remove();
        } else {
          rowInputs(tr).forEach(function (input) { input.value = ''; });
        }
        renumber();
        const focus = next && next.isConnected ? next.querySelector('[data-field]') : addRow;
        (focus || addRow).focus();
        dirty = true;
        later();
      });
      renumber();
    }

    if (fileButton) {
      fileButton.addEventListener('click', async function () {
        fileButton.disabled = true;
        debounced.cancel();
        pending = false;
        filings++;
        asked++;
        filed.textContent = '正在生成并归档…';
        const values = collect();
        const body = { values: values };
        if (draft) body.draft = Number(draft);
        const r = await call('POST', '/api/forms/' + encodeURIComponent(id) + '/file', body);
        filed.textContent = '';
        if (r.status !== 201 || !r.body) {
          filed.appendChild(el('p', '未能归档：' + failure(r.status, r.body), 'notice error'));
          check(false);  // the page as the values stand now (the check sent before was dropped)
          return;
        }
        const done = el('p', null, 'notice ok');
        done.appendChild(document.createTextNode('已归档，档号 '));
        const a = el('a', r.body.danghao, 'danghao');
        a.href = r.body.url || '/items/' + encodeURIComponent(r.body.danghao);
        done.appendChild(a);
        if (r.body.title) done.appendChild(document.createTextNode('，题名「' + r.body.title + '」'));
        if (r.body.doc_number) done.appendChild(document.createTextNode('，文档编号 ' + r.body.doc_number));
        done.appendChild(document.createTextNode('。打印件签字后扫描上传，二维码会把扫描件归入此件。'));
        filed.appendChild(done);
        // The draft became the filed item: what is typed next starts a new draft, and the
        // downloads (of the draft, now gone) wait for the next check.
        draft = '';
        setOutputs(false);
        status.textContent = '已归档';
        status.className = 'ok';
        outputHint.textContent = '已归档。归档的 PDF 与 XLSX 在档案页面查看、下载。';
        form.dataset.draft = '';
        dirty = false;
        history.replaceState(null, '', window.location.pathname);
        draftStatus.textContent = '';
        a.focus();
      });
    }

    // Opening: a draft's values, or the values the account always gives (its 机构, its name).
    (async function () {
      if (draft) {
        const r = await call('GET', '/api/drafts/' + encodeURIComponent(draft));
        if (r.status === 200 && r.body && r.body.values && r.body.template_id === id) {
          fill(r.body.values, false);
          const at = Number(r.body.updated_at);  // Unix seconds
          draftStatus.textContent = at
            ? '已打开草稿（保存于 ' + new Date(at * 1000).toLocaleString('zh-CN', { hour12: false }) + '）'
            : '已打开草稿';
          check(false);
          return;
        }
        draftStatus.textContent = '草稿已不存在，已新建。';
        draft = '';
        history.replaceState(null, '', window.location.pathname);
      }
      const r = await call('GET', '/api/forms/' + encodeURIComponent(id));
      if (r.status === 200 && r.body && r.body.defaults) fill(r.body.defaults, true);
    })();
  }

  document.addEventListener('DOMContentLoaded', function () {
    const box = document.getElementById('catalogue');
    if (box) initCatalogue(box);
    const form = document.getElementById('fill');
    if (form) initForm(form);
  });
})();
