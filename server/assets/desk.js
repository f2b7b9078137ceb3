// The archivist's desk: the one piece that needs script, the upload of several scans. "Each its
// own" posts them to /api/uploads, which files them in the background (a QR code joins its
// item, OCR runs there), and the list follows each file's state from GET /api/uploads/ID; "all
// as one item" posts them to /api/files and waits. Without script the form posts to /api/files.
'use strict';

(function () {
  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  function text(tag, content, className) {
    const el = document.createElement(tag);
    if (content !== undefined) el.textContent = content;
    if (className) el.className = className;
    return el;
  }

  // What the server said went wrong, as the clerk should read it.
  function problemsOf(status, body) {
    if (body && Array.isArray(body.problems) && body.problems.length) {
      return body.problems.map(function (p) { return p.message || p.code; }).join('；');
    }
    if (body && typeof body.error === 'string') return body.error;
    if (status === 413) return '文件太大，超过了上传大小限制';
    if (status === 401) return '会话已结束，请重新登录';
    if (status === 403) return '无权归档，或页面已过期（请刷新）';
    return '归档失败（HTTP ' + status + '）';
  }

  function itemsOf(body) {
    if (!body) return [];
    if (Array.isArray(body.items)) return body.items;
    if (body.item) return [body.item];
    if (body['档号']) return [body];
    return [];
  }

  function showFiled(li, label, body) {
    li.textContent = '';
    li.appendChild(text('span', label + '：'));
    const items = itemsOf(body);
    if (!items.length) li.appendChild(text('span', '已归档'));
    items.forEach(function (item, i) {
      if (i) li.appendChild(text('span', '，'));
      const a = text('a', item['档号']);
      a.href = '/items/' + encodeURIComponent(item['档号']);
      li.appendChild(a);
      if (item['题名']) li.appendChild(text('span', ' ' + item['题名']));
      const how = { filed: '新归档', joined: '加入已有的件' }[body.action || item.action];
      if (how) li.appendChild(text('span', '（' + how + '）', 'muted'));
    });
    li.className = 'filed';
  }

  // XMLHttpRequest rather than fetch: it reports the upload's progress, which a clerk sending
  // a large scan over the office network wants to see.
  function send(url, data, progress, state) {
    return new Promise(function (resolve) {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('X-CSRF-Token', csrfToken());
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        progress.max = e.total;
        progress.value = e.loaded;
        state.textContent = '正在上传 ' + Math.round((100 * e.loaded) / e.total) + '%';
      };
      xhr.upload.onload = function () {
        progress.removeAttribute('value');  // indeterminate: the server reads and files it now
        state.textContent = '已上传，正在识别与归档…';
      };
      xhr.onload = function () { resolve({ status: xhr.status, text: xhr.responseText }); };
      xhr.onerror = function () { resolve({ status: 0, text: '' }); };
      xhr.send(data);
    });
  }

  // The form's filled-in fields (not the file picker, the mode or the token: the token goes in
  // the header) and the chosen files.
  function uploadData(form, files) {
    const data = new FormData();
    for (const [name, value] of new FormData(form).entries()) {
      if (name === 'files' || name === 'mode' || name === 'csrf') continue;
      if (typeof value === 'string' && value.trim() === '') continue;
      data.append(name, value);
    }
    files.forEach(function (f) { data.append('files', f, f.name); });
    return data;
  }

  async function post(form, files, li, label) {
    const data = uploadData(form, files);
    li.textContent = label + '：';
    const state = text('span', '等待上传');
    const progress = document.createElement('progress');
    li.appendChild(state);
    li.appendChild(progress);
    const res = await send(form.action, data, progress, state);
    let body = null;
    try { body = JSON.parse(res.text); } catch (e) { body = null; }
    if (res.status >= 200 && res.status < 300) {
      showFiled(li, label, body);
    } else if (res.status === 0) {
      li.textContent = label + '：无法连接服务器';
      li.className = 'failed';
    } else {
      li.textContent = label + '：' + problemsOf(res.status, body);
      li.className = 'failed';
    }
  }

  const sleep = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };

  // One line per file of a background upload, redrawn from the task each time it is polled.
  function showTask(lines, task) {
    task.files.forEach(function (f, i) {
      const li = lines[i];
      if (!li) return;
      li.textContent = '';
      li.appendChild(text('span', f.name + '：'));
      if (f.state === '已归档') {
        if (f['档号']) {
          const a = text('a', f['档号']);
          a.href = '/items/' + encodeURIComponent(f['档号']);
          li.appendChild(a);
        } else {
          li.appendChild(text('span', '已归档'));
        }
        if (f.how) li.appendChild(text('span', '（' + f.how + '）', 'muted'));
        li.className = 'filed';
      } else if (f.state === '失败') {
        li.appendChild(text('span', f.message || '归档失败'));
        li.className = 'failed';
      } else {
        li.appendChild(text('span', f.state === '处理中' ? '正在识别与归档…' : '排队等待'));
        li.appendChild(document.createElement('progress'));
      }
    });
  }

  async function uploadInBackground(form, files, results) {
    const data = uploadData(form, files);
    const head = text('li', '');
    results.appendChild(head);
    const state = text('span', '等待上传');
    const progress = document.createElement('progress');
    head.appendChild(state);
    head.appendChild(progress);
    const res = await send('/api/uploads', data, progress, state);
    let task = null;
    try { task = JSON.parse(res.text); } catch (e) { task = null; }
    if (res.status !== 202 || !task || !task.id) {
      head.textContent = (res.status === 0) ? '无法连接服务器' : problemsOf(res.status, task);
      head.className = 'failed';
      return;
    }
    head.remove();
    const lines = task.files.map(function () {
      const li = text('li', '');
      results.appendChild(li);
      return li;
    });
    showTask(lines, task);
    // The server keeps the task across restarts: keep asking until every file is done.
    while (task.state !== '完成') {
      await sleep(1000);
      try {
        const r = await fetch('/api/uploads/' + encodeURIComponent(task.id),
                              { headers: { Accept: 'application/json' } });
        if (r.ok) task = await r.json();
      } catch (e) { /* the server restarting: try again */ }
      showTask(lines, task);
    }
  }

  function setUpUpload(form) {
    const results = document.getElementById('upload-results');
    const empty = document.getElementById('upload-empty');
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      const input = form.querySelector('input[type="file"]');
      const files = Array.from(input.files || []);
      if (!files.length) return;
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      if (empty) empty.hidden = true;
      const mode = form.querySelector('input[name="mode"]:checked');
      if (mode && mode.value === 'one') {
        const li = text('li', '');
        results.appendChild(li);
        await post(form, files, li, files.map(function (f) { return f.name; }).join('、'));
      } else {
        await uploadInBackground(form, files, results);
      }
      button.disabled = false;
      input.value = '';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    const upload = document.getElementById('upload-form');
    if (upload) setUpUpload(upload);
  });
})();
