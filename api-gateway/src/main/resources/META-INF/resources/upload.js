// Upload by drag and drop or the file picker: each file sent on its own (XMLHttpRequest, for the progress of its
// bytes), then each document it became followed through its status until it is searchable or failed.
'use strict';

(function (DS) {
  const el = DS.el;
  const $ = id => document.getElementById(id);
  const PARALLEL = 2;
  const POLL_MS = 1000;
  const POLL_FOR_MS = 5 * 60 * 1000;
  const queue = [];
  let running = 0;

  const STATUS = {
    pending: '已接收，正在编入索引…',
    indexed: '可检索（按关键词）；正在生成语义向量…',
    embedded: '可检索',
  };

  function addFiles(files) {
    const fields = { source: $('upload-source').value.trim(), tags: $('upload-tags').value.split(/[,，、\s]+/).filter(Boolean) };
    for (const file of files) {
      const row = el('li', { class: 'upload-item' },
        el('div', { class: 'upload-head' }, el('span', { class: 'file-name' }, file.name),
          el('span', { class: 'muted' }, DS.formatBytes(file.size))),
        el('progress', { max: 100, value: 0 }),
        el('div', { class: 'upload-state' }, '等待上传…'),
        el('ul', { class: 'upload-documents' }));
      $('upload-list').prepend(row);
      queue.push({ file, fields, row });
    }
    pump();
  }

  function pump() {
    while (running < PARALLEL && queue.length) {
      running++;
      send(queue.shift()).finally(() => { running--; pump(); });
    }
  }

  function send({ file, fields, row }) {
    const progress = row.querySelector('progress');
    const state = row.querySelector('.upload-state');
    const form = new FormData();
    form.append('file', file, file.name);
    if (fields.source) form.append('source', fields.source);
    for (const tag of fields.tags) form.append('tags', tag);
    if (DS.keyUnusable()) {
      row.classList.add('refused');
      state.replaceChildren(DS.errorBlock(DS.keyUnusable()));
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const request = new XMLHttpRequest();
      request.open('POST', '/api/v1/documents/files');
      request.setRequestHeader('X-API-Key', DS.key());
      request.responseType = 'json';
      request.upload.addEventListener('progress', event => {
        if (!event.lengthComputable) return;
        progress.value = Math.round(event.loaded / event.total * 100);
        state.textContent = `正在上传 ${progress.value}%`;
      });
      request.addEventListener('load', () => {
        progress.value = 100;
        if (request.status === 200 && request.response && request.response.items) {
          received(request.response, row);
        } else {
          const error = new DS.ApiError(request.status, request.response, request.getResponseHeader('Retry-After'));
          row.classList.add('refused');
          state.replaceChildren(DS.errorBlock(error));
        }
        resolve();
      });
      request.addEventListener('error', () => {
        row.classList.add('refused');
        state.replaceChildren(DS.errorBlock(new DS.ApiError(0, null)));
        resolve();
      });
      state.textContent = '正在上传…';
      request.send(form);
    });
  }

  /** One line per document the file became (a zip: one per member). */
  function received(receipt, row) {
    const counts = [`接收 ${receipt.accepted} 篇`, receipt.duplicates ? `重复 ${receipt.duplicates} 篇` : null,
      receipt.refused ? `拒收 ${receipt.refused} 篇` : null].filter(Boolean);
    row.querySelector('.upload-state').textContent = `上传完成：${counts.join('，')}`;
    const list = row.querySelector('.upload-documents');
    for (const item of receipt.items) {
      const line = el('li', { class: `upload-document ${item.status}` }, el('span', { class: 'file-name' }, item.name || ''));
      const status = el('span', { class: 'document-state' });
      line.appendChild(status);
      list.appendChild(line);
      if (item.status === 'refused') {
        const problem = item.problem || {};
        status.append(el('strong', {}, `未接收：${DS.problemMessage(problem, problem.status)}`),
          problem.detail ? el('small', { class: 'detail' }, problem.detail) : null);
      } else if (item.status === 'duplicate') {
        status.append('与已有文档相同，没有重复保存。', open(item.id, '查看已有文档'));
      } else {
        status.textContent = STATUS.pending;
        follow(item.id, status, line);
      }
    }
  }

  function open(id, text) {
    return el('a', { href: `#doc=${encodeURIComponent(id)}`, class: 'open-document' }, text);
  }

  /** Asks for the document's status until it is embedded or failed (or long enough has passed). */
  async function follow(id, status, line) {
    const until = Date.now() + POLL_FOR_MS;
    let shown = null;
    while (Date.now() < until) {
      let answer;
      try {
        answer = await DS.getJson(`/api/v1/documents/${encodeURIComponent(id)}/status`);
      } catch (error) {
        if (error.status !== 404) { status.replaceChildren(DS.errorBlock(error)); return; }
        answer = { status: 'pending' }; // not known to search yet
      }
      if (answer.status !== shown) {
        shown = answer.status;
        line.dataset.status = shown;
        if (shown === 'failed') {
          status.replaceChildren(el('strong', {}, answer.failedStage === 'embedding'
            ? '可按关键词检索，但无法生成语义向量：' : '处理失败，无法检索：'), el('small', { class: 'detail' }, answer.reason || ''));
          return;
        }
        status.replaceChildren(STATUS[shown] || shown, shown !== 'pending' ? open(id, '查看') : null);
        if (shown === 'embedded') return;
      }
      await new Promise(resolve => setTimeout(resolve, POLL_MS));
    }
  }

  function wire() {
    const zone = $('drop-zone');
    const input = $('upload-input');
    zone.addEventListener('dragover', event => { event.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', event => {
      event.preventDefault();
      zone.classList.remove('over');
      if (event.dataTransfer.files.length) addFiles([...event.dataTransfer.files]);
    });
    input.addEventListener('change', () => {
      addFiles([...input.files]);
      input.value = '';
    });
    // dropping a file anywhere else would make the browser leave the page to show it
    window.addEventListener('dragover', event => event.preventDefault());
    window.addEventListener('drop', event => event.preventDefault());
  }

  DS.upload = { start: wire };
})(window.DS);
