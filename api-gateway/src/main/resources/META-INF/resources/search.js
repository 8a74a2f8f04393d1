// Highlights arrive HTML-escaped with <em> marks (safe as HTML); every other field is inserted as text.
const form = document.getElementById('search-form');
const results = document.getElementById('results');
const meta = document.getElementById('meta');
const pager = document.getElementById('pager');
const size = 10;

function element(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

const modeSelect = document.getElementById('mode');
const keyInput = document.getElementById('api-key');
const KEY_STORAGE = 'docsearch-api-key';
keyInput.value = localStorage.getItem(KEY_STORAGE) || '';
keyInput.addEventListener('change', () => localStorage.setItem(KEY_STORAGE, keyInput.value.trim()));

// Every API call carries the key the user entered; the gateway answers 401 without one
function api(url) {
  return fetch(url, { headers: { 'X-API-Key': keyInput.value.trim() } });
}

async function search(q, page) {
  const mode = modeSelect.value;
  const url = `/api/v1/search?q=${encodeURIComponent(q)}&mode=${mode}&page=${page}&size=${size}`;
  history.replaceState(null, '', `?q=${encodeURIComponent(q)}&mode=${mode}&page=${page}`);
  results.replaceChildren();
  pager.replaceChildren();
  const response = await api(url);
  const body = await response.json();
  if (!response.ok) {
    meta.replaceChildren(element('span', body.detail || body.title));
    meta.firstChild.className = 'error';
    return;
  }
  meta.textContent = `共 ${body.total} 条结果（${body.tookMs} 毫秒）`;
  for (const hit of body.hits) {
    const item = element('div');
    item.className = 'hit';
    const title = element('h3');
    const link = element('a');
    link.href = '#';
    link.onclick = event => { event.preventDefault(); toggleFullText(hit.id, item); };
    if (hit.titleHighlight) link.innerHTML = hit.titleHighlight; else link.textContent = hit.title;
    title.appendChild(link);
    item.appendChild(title);
    for (const passage of hit.passages || []) {
      const block = element('div');
      block.className = 'passage';
      if (passage.headings && passage.headings.length) {
        block.appendChild(element('div', passage.headings.join(' › ')));
        block.lastChild.className = 'path';
      }
      const p = element('p');
      p.innerHTML = passage.text;
      block.appendChild(p);
      item.appendChild(block);
    }
    item.appendChild(element('div', [hit.source, (hit.tags || []).join(' · ')].filter(Boolean).join(' | ')));
    item.lastChild.className = 'meta';
    const similarButton = element('button', '相似文档');
    similarButton.className = 'link';
    similarButton.onclick = () => showSimilar(hit.id, item, similarButton);
    item.lastChild.appendChild(document.createTextNode(' '));
    item.lastChild.appendChild(similarButton);
    results.appendChild(item);
  }
  if (page > 1) pager.appendChild(pageButton('上一页', q, page - 1));
  if (page * size < body.total) pager.appendChild(pageButton('下一页', q, page + 1));
}

// The document's text under its hit (a plain link could not send the key)
async function toggleFullText(id, container) {
  const shown = container.querySelector(':scope > .fulltext');
  if (shown) { shown.remove(); return; }
  const box = element('div');
  box.className = 'fulltext';
  const response = await api(`/api/v1/documents/${encodeURIComponent(id)}`);
  const body = await response.json();
  box.textContent = response.ok ? body.body : (body.detail || body.title);
  if (!response.ok) box.className += ' error';
  container.appendChild(box);
}

async function showSimilar(id, item, button) {
  button.disabled = true;
  const box = element('div');
  box.className = 'similar';
  const response = await api(`/api/v1/documents/${encodeURIComponent(id)}/similar?size=5`);
  const body = await response.json();
  if (!response.ok) {
    box.appendChild(element('span', body.detail || body.title));
    box.lastChild.className = 'error';
  } else if (!body.documents.length) {
    box.appendChild(element('span', '没有相似文档'));
  } else {
    box.appendChild(element('span', '相似文档：'));
    for (const other of body.documents) {
      const link = element('a', `${other.title || other.id}（${other.similarity.toFixed(2)}）`);
      link.href = '#';
      link.onclick = event => { event.preventDefault(); toggleFullText(other.id, box); };
      box.appendChild(link);
    }
  }
  item.appendChild(box);
}

function pageButton(label, q, page) {
  const button = element('button', label);
  button.onclick = () => search(q, page);
  return button;
}

form.addEventListener('submit', event => {
  event.preventDefault();
  const q = document.getElementById('q').value.trim();
  if (q) search(q, 1);
});

const params = new URLSearchParams(location.search);
if (params.get('mode')) modeSelect.value = params.get('mode');
if (params.get('q')) {
  document.getElementById('q').value = params.get('q');
  search(params.get('q'), Number(params.get('page')) || 1);
}
