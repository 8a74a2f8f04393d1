// The search: query, mode, sort, filters and facets, results with snippets and folded copies, page numbers and the
// next cursor, export. The state lives in the address (?q=…&mode=…), so a reload or a shared link shows the same.
'use strict';

(function (DS) {
  const el = DS.el;
  const SIZE = 10;
  const FILTERS = ['tags', 'source', 'author', 'contentType', 'collection'];
  // search takes at most 5 facets: author is reached from a hit's author instead
  const FACETS = ['tags', 'source', 'contentType', 'collection', 'year'];
  const LABELS = { tags: '标签', source: '来源', author: '作者', contentType: '类型', collection: '集合', year: '年份' };
  const MODES = { hybrid: '综合', keyword: '关键词', semantic: '语义' };
  // page numbers reach page × size ≤ 10,000 in keyword mode, pages that start within the best 1,000 otherwise
  const NUMBERED = { keyword: 10000, semantic: 1000, hybrid: 1000 };
  const FACET_VALUES_SHOWN = 8;

  const $ = id => document.getElementById(id);
  const state = { q: '', mode: 'hybrid', sort: 'relevance', filters: {}, dateFrom: '', dateTo: '', page: 1, cursor: null };
  let back = []; // cursors of the pages before this one, for 上一页 past the numbered pages
  let sequence = 0;
  let inFlight = null;

  /** What the document view needs of a hit to open at its matched passage. */
  DS.hitContext = new Map();

  function values(field) {
    return state.filters[field] || (state.filters[field] = []);
  }

  /** The search's parameters without its page: the same for search, cursor and export. */
  function searchParams() {
    const params = new URLSearchParams({ q: state.q, mode: state.mode });
    if (state.sort !== 'relevance') params.set('sort', state.sort);
    for (const field of FILTERS) for (const value of values(field)) params.append(field, value);
    if (state.dateFrom) params.set('dateFrom', state.dateFrom);
    if (state.dateTo) params.set('dateTo', state.dateTo);
    return params;
  }

  function saveToAddress() {
    const params = searchParams();
    if (state.page > 1 && !state.cursor) params.set('page', state.page);
    history.replaceState(history.state, '', `?${params}${location.hash}`);
  }

  function readAddress() {
    const params = new URLSearchParams(location.search);
    state.q = params.get('q') || '';
    state.mode = MODES[params.get('mode')] ? params.get('mode') : 'hybrid';
    state.sort = ['date', '-date'].includes(params.get('sort')) ? params.get('sort') : 'relevance';
    state.filters = {};
    for (const field of FILTERS) state.filters[field] = params.getAll(field).filter(Boolean);
    state.dateFrom = params.get('dateFrom') || '';
    state.dateTo = params.get('dateTo') || '';
    state.page = Math.max(1, Number(params.get('page')) || 1);
    state.cursor = null;
  }

  function showControls() {
    $('q').value = state.q;
    for (const radio of document.querySelectorAll('input[name=mode]')) radio.checked = radio.value === state.mode;
    $('sort').value = state.sort;
    $('date-from').value = state.dateFrom;
    $('date-to').value = state.dateTo;
  }

  function numberedPages(total) {
    return Math.max(1, Math.min(Math.ceil(total / SIZE), Math.floor(NUMBERED[state.mode] / SIZE)));
  }

  /** Runs the search as the state says; a newer run makes an older answer irrelevant. */
  async function run() {
    if (!state.q) { DS.app.showWelcome(); return; }
    DS.app.hideWelcome();
    if (state.dateFrom && state.dateTo && state.dateFrom > state.dateTo) {
      showMessage(el('div', { class: 'message error', role: 'alert' }, el('strong', {}, '起始日期不能晚于截止日期。')));
      return;
    }
    saveToAddress();
    const mine = ++sequence;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const params = searchParams();
    params.set('size', SIZE);
    params.set('facets', FACETS.join(','));
    if (state.cursor) params.set('cursor', state.cursor); else params.set('page', state.page);
    $('results-layout').setAttribute('aria-busy', 'true');
    try {
      const body = await DS.getJson(`/api/v1/search?${params}`, { signal: inFlight.signal });
      if (mine !== sequence) return;
      showMessage(null);
      render(body);
    } catch (error) {
      if (error.name === 'AbortError' || mine !== sequence) return;
      recover(error);
    } finally {
      if (mine === sequence) $('results-layout').removeAttribute('aria-busy');
    }
  }

  /** An expired cursor within the numbered pages is the same page by number; anything else is said. */
  function recover(error) {
    if (error.status === 410 && state.cursor && state.page <= NUMBERED[state.mode] / SIZE) {
      state.cursor = null;
      run();
      return;
    }
    const restart = error.status === 410 || error.type === 'invalid-cursor' || /'next'/.test(error.detail)
      ? el('button', { type: 'button', class: 'link', onclick: () => go({ page: 1 }) }, '回到第一页') : null;
    showMessage(DS.errorBlock(error, restart));
    if (error.status === 401 || error.status === 403) DS.app.keyRefused(error);
  }

  function showMessage(block) {
    $('message').replaceChildren(...(block ? [block] : []));
    $('message').hidden = !block;
  }
  DS.showMessage = showMessage;

  /** Changes the search and runs it from its first page (or the page given). */
  function go(change) {
    Object.assign(state, { page: 1, cursor: null }, change);
    back = [];
    run();
  }

  function render(body) {
    $('results-layout').hidden = false;
    state.page = body.page || state.page;
    renderSummary(body);
    renderChips();
    renderFacets(body.facets || {});
    const list = $('results');
    DS.hitContext.clear();
    list.replaceChildren(...body.hits.map(renderHit));
    list.setAttribute('start', (state.page - 1) * SIZE + 1);
    renderPager(body);
    $('export').hidden = body.total === 0;
  }

  /** Says when the answer is by words alone, or when new documents cannot be found by meaning yet. */
  function renderNotice(body) {
    const notices = [];
    if ((body.degraded || []).includes('semantic')) {
      notices.push('平台正在处理大批新文档，本次结果仅按关键词检索；稍后再搜一次即可按语义检索。');
    }
    if (body.awaitingEmbedding) {
      notices.push(`另有 ${body.awaitingEmbedding} 篇新文档正在处理，暂时只能按关键词找到。`);
    }
    const notice = $('search-notice');
    notice.textContent = notices.join(' ');
    notice.hidden = notices.length === 0;
  }

  function renderSummary(body) {
    renderNotice(body);
    const summary = $('summary');
    const suggestion = $('did-you-mean');
    suggestion.replaceChildren();
    if (body.total === 0) {
      summary.textContent = `没有找到与“${state.q}”相关的文档。`;
      if (body.didYouMean) {
        suggestion.append('您是不是要找：', el('a', { href: '#', onclick: event => {
          event.preventDefault();
          go({ q: body.didYouMean });
          showControls();
        } }, body.didYouMean));
      }
      return;
    }
    // positions in the whole result: a page shows fewer hits when some are folded under others, not fewer results
    const from = (state.page - 1) * SIZE + 1;
    const to = Math.min(state.page * SIZE, body.total);
    summary.replaceChildren(el('span', { class: 'range' }, `第 ${from}-${to} 条，共 ${body.total} 条`),
      el('span', { class: 'took' }, `（${MODES[body.mode] || MODES[state.mode]}检索，用时 ${body.tookMs} 毫秒）`));
  }

  function renderChips() {
    const chips = [];
    for (const field of FILTERS) {
      for (const value of values(field)) {
        chips.push(chip(`${LABELS[field]}：${field === 'contentType' ? DS.typeName(value) : value}`, () => {
          state.filters[field] = values(field).filter(other => other !== value);
          go({});
        }));
      }
    }
    if (state.dateFrom || state.dateTo) {
      chips.push(chip(`日期：${state.dateFrom || '不限'} 至 ${state.dateTo || '不限'}`, () => {
        go({ dateFrom: '', dateTo: '' });
        showControls();
      }));
    }
    if (chips.length > 1) {
      chips.push(el('button', { type: 'button', class: 'link clear-filters', onclick: () => {
        go({ filters: {}, dateFrom: '', dateTo: '' });
        showControls();
      } }, '清除全部筛选'));
    }
    $('chips').replaceChildren(...chips);
  }

  function chip(text, remove) {
    return el('span', { class: 'chip' }, text,
      el('button', { type: 'button', class: 'chip-remove', 'aria-label': `去掉筛选 ${text}`, onclick: remove }, '×'));
  }

  function yearRange(year) {
    return { dateFrom: `${year}-01-01`, dateTo: `${year}-12-31` };
  }

  function renderFacets(facets) {
    const sections = [];
    for (const field of FACETS) {
      const counts = facets[field] || [];
      if (!counts.length) continue;
      const items = counts.map((count, index) => {
        const active = field === 'year'
          ? state.dateFrom === yearRange(count.value).dateFrom && state.dateTo === yearRange(count.value).dateTo
          : values(field).includes(count.value);
        const label = field === 'contentType' ? DS.typeName(count.value) : count.value;
        return el('li', { hidden: index >= FACET_VALUES_SHOWN },
          el('button', { type: 'button', class: 'facet-value', 'aria-pressed': String(active), title: count.value,
            dataset: { field, value: count.value }, onclick: () => toggleFacet(field, count.value, active) },
          el('span', { class: 'facet-label' }, label), el('span', { class: 'count' }, String(count.count))));
      });
      const list = el('ul', { class: 'facet-values' }, items);
      const more = counts.length > FACET_VALUES_SHOWN ? el('button', { type: 'button', class: 'link', onclick: event => {
        list.querySelectorAll('li[hidden]').forEach(item => { item.hidden = false; });
        event.currentTarget.remove();
      } }, `更多（${counts.length - FACET_VALUES_SHOWN}）`) : null;
      sections.push(el('section', { class: 'facet', dataset: { field } }, el('h3', {}, LABELS[field]), list, more));
    }
    $('facets').replaceChildren(...(sections.length ? sections : [el('p', { class: 'muted' }, '没有可用的分类统计。')]));
  }

  function toggleFacet(field, value, active) {
    if (field === 'year') {
      go(active ? { dateFrom: '', dateTo: '' } : yearRange(value));
      showControls();
      return;
    }
    state.filters[field] = active ? values(field).filter(other => other !== value) : values(field).concat(value);
    go({});
  }

  /** A filter from a value shown on a hit (its source, author or a tag). */
  function filterButton(field, value, text) {
    return el('button', { type: 'button', class: 'meta-filter', title: `只看${LABELS[field]}为“${value}”的文档`,
      onclick: () => { if (!values(field).includes(value)) { values(field).push(value); go({}); } } }, text || value);
  }

  function snippetOf(hit) {
    if (hit.snippet && hit.snippet.text) return hit.snippet;
    // until every hit carries a snippet: its best passage, whole
    const passage = (hit.passages || [])[0];
    return { text: passage ? passage.text : (hit.highlights || [])[0] || '', position: passage ? passage.position : null,
      headings: passage ? passage.headings : [] };
  }

  function renderHit(hit) {
    const snippet = snippetOf(hit);
    DS.hitContext.set(hit.id, { position: snippet.position, text: DS.plainText(snippet.text), q: state.q,
      words: DS.markedWords(snippet.text).concat(DS.markedWords(hit.titleHighlight)) });
    const title = hit.titleHighlight ? DS.highlighted(hit.titleHighlight) : (hit.title || hit.fileName || '（无标题）');
    const meta = [
      hit.documentDate && el('span', { class: 'date' }, hit.documentDate),
      hit.source && filterButton('source', hit.source),
      hit.author && filterButton('author', hit.author, `作者：${hit.author}`),
      hit.contentType && el('span', {}, DS.typeName(hit.contentType)),
      hit.fileName && originalDownload(hit),
      hit.collection && el('span', { class: 'collection' }, `集合：${hit.collection}`),
    ].filter(Boolean);
    const headings = (snippet.headings || []).filter(Boolean);
    return el('li', { class: 'hit', dataset: { id: hit.id } },
      el('h3', {}, el('a', { href: `#doc=${encodeURIComponent(hit.id)}`, class: 'hit-title' }, title)),
      el('div', { class: 'hit-meta' }, meta),
      headings.length ? el('div', { class: 'path' }, headings.join(' › ')) : null,
      snippet.text ? el('p', { class: 'snippet' }, DS.highlighted(snippet.text)) : null,
      (hit.tags || []).length ? el('div', { class: 'tags' }, hit.tags.map(tag => filterButton('tags', tag))) : null,
      renderFolded(hit.folded || [], hit.id));
  }

  /** The uploaded file's name, which downloads the original (only uploads have a file name). */
  function originalDownload(hit) {
    const status = el('span', { class: 'download-state', role: 'status' });
    return el('span', { class: 'file-name' },
      el('button', { type: 'button', class: 'link original-download', title: '下载原件',
        onclick: () => DS.downloadOriginal(hit.id, hit.fileName, status) }, `原件：${hit.fileName}`), status);
  }

  function renderFolded(folded, hitId) {
    if (!folded.length) return null;
    const listId = `folded-${hitId}`;
    const list = el('ul', { class: 'folded-list', id: listId, hidden: true }, folded.map(copy => el('li', { dataset: { id: copy.id } },
      el('a', { href: `#doc=${encodeURIComponent(copy.id)}` }, copy.title || copy.fileName || '（无标题）'),
      el('span', { class: 'muted' }, [copy.fileName, copy.collection && `集合：${copy.collection}`, copy.documentDate]
        .filter(Boolean).join(' · ')))));
    const toggle = el('button', { type: 'button', class: 'link folded-toggle', 'aria-expanded': 'false', 'aria-controls': listId, onclick: () => {
      list.hidden = !list.hidden;
      toggle.setAttribute('aria-expanded', String(!list.hidden));
    } }, `另有 ${folded.length} 篇相同或几乎相同的文档`);
    return el('div', { class: 'folded' }, toggle, list);
  }

  function renderPager(body) {
    if (!body.total) { $('pager').replaceChildren(); return; }
    const pages = numberedPages(body.total);
    const page = state.page;
    const items = [];
    const previous = page > 1 && (page - 1 <= pages || back.length);
    items.push(el('button', { type: 'button', class: 'page-prev', disabled: !previous, onclick: () => {
      if (back.length && page - 1 > pages) { state.cursor = back.pop(); state.page = page - 1; run(); } else go({ page: page - 1 });
    } }, '‹ 上一页'));
    const first = Math.max(1, Math.min(page, pages) - 2);
    const last = Math.min(pages, first + 4);
    if (first > 1) items.push(pageButton(1), first > 2 ? el('span', { class: 'gap' }, '…') : null);
    for (let number = first; number <= last; number++) items.push(pageButton(number));
    if (last < pages && page <= pages) items.push(last < pages - 1 ? el('span', { class: 'gap' }, '…') : null, pageButton(pages));
    if (body.next) {
      // the next page by its cursor: every page after it too, also past what page numbers reach
      items.push(el('button', { type: 'button', class: 'page-next', onclick: () => {
        back.push(state.cursor);
        state.cursor = body.next;
        state.page = page + 1;
        run();
      } }, page >= pages ? '更多结果 ›' : '下一页 ›'));
    }
    $('pager').replaceChildren(...items.filter(Boolean));
  }

  function pageButton(number) {
    if (number === state.page) return el('span', { class: 'page current', 'aria-current': 'page' }, String(number));
    return el('button', { type: 'button', class: 'page', onclick: () => go({ page: number }) }, String(number));
  }

  async function exportResults(event) {
    const button = event.currentTarget;
    button.disabled = true;
    button.textContent = '正在导出…';
    try {
      const name = await DS.download(`/api/v1/search/export?${searchParams()}`, `检索结果-${state.q}.ndjson`);
      button.textContent = `已导出 ${name}`;
    } catch (error) {
      showMessage(DS.errorBlock(error));
      button.textContent = '导出结果';
    } finally {
      button.disabled = false;
    }
  }

  function wire() {
    $('search-form').addEventListener('submit', event => {
      event.preventDefault();
      DS.suggest.hide();
      const q = $('q').value.trim();
      if (!q) { $('q').focus(); return; }
      if (location.hash) history.pushState(null, '', `${location.pathname}${location.search}`);
      DS.app.showView('search');
      go({ q });
    });
    for (const radio of document.querySelectorAll('input[name=mode]')) {
      radio.addEventListener('change', () => { if (radio.checked) go({ mode: radio.value }); });
    }
    $('sort').addEventListener('change', event => go({ sort: event.target.value }));
    for (const [id, field] of [['date-from', 'dateFrom'], ['date-to', 'dateTo']]) {
      $(id).addEventListener('change', event => go({ [field]: event.target.value }));
    }
    $('export').addEventListener('click', exportResults);
  }

  DS.search = {
    start() {
      wire();
      readAddress();
      showControls();
      run();
    },
    /** Searches for a text from elsewhere on the page (a suggestion, an example). */
    searchFor(q) {
      if (location.hash) history.pushState(null, '', `${location.pathname}${location.search}`);
      DS.app.showView('search');
      go({ q });
      showControls();
    },
    rerun: () => { if (state.q) run(); },
    query: () => state.q,
  };
})(window.DS);
