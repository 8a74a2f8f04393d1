// The document view (#doc=<id>): title, metadata, heading outline, the text with the matched passage highlighted and
// scrolled to, the original's download, similar documents and duplicates beside it.
'use strict';

(function (DS) {
  const el = DS.el;
  const $ = id => document.getElementById(id);
  let current = null; // the id shown, so that a late answer for another document is dropped

  const CHINESE_NUMBER = '[一二三四五六七八九十百零〇]+';
  const LEVELS = [
    [new RegExp(`^第(${CHINESE_NUMBER}|\\d+)[章编部]`), 1], [new RegExp(`^第(${CHINESE_NUMBER}|\\d+)节`), 2],
    [new RegExp(`^${CHINESE_NUMBER}[、.．]`), 1], [new RegExp(`^[（(]${CHINESE_NUMBER}[）)]`), 2],
    [new RegExp(`^(第)?${CHINESE_NUMBER}是`), 3], [/^\d+[、.．](?!\d)/, 3], [/^[（(]\d+[）)]/, 4],
  ];

  /** The outline depth of a heading, from the numbering Chinese documents use (一、 （一） 1. （1）). */
  function level(heading) {
    const found = LEVELS.find(([pattern]) => pattern.test(heading));
    return found ? found[1] : 1;
  }

  /**
   * The body as paragraphs and headings: a line that is a heading of the document (or starts with one, as
   * "（一）产业发展。新增企业12家" does) gets its anchor for the outline.
   */
  function renderBody(doc) {
    const headings = (doc.headings || []).map(heading => heading.trim()).filter(Boolean);
    const anchors = [];
    let next = 0;
    const blocks = [];
    for (const line of (doc.body || '').split('\n')) {
      const text = line.trim();
      if (!text) continue;
      const index = headings.findIndex((heading, at) => at >= next && text.startsWith(heading));
      if (index < 0) { blocks.push(el('p', { class: 'para' }, text)); continue; }
      next = index + 1;
      const heading = headings[index];
      const id = `doc-heading-${anchors.length}`;
      anchors.push({ id, heading });
      if (text === heading) blocks.push(el(`h${Math.min(level(heading) + 2, 6)}`, { id, class: 'doc-heading' }, heading));
      else blocks.push(el('p', { id, class: 'para' }, el('strong', {}, heading), text.slice(heading.length)));
    }
    return { blocks, anchors };
  }

  function renderOutline(anchors) {
    const outline = $('doc-outline');
    if (!anchors.length) { outline.replaceChildren(); outline.hidden = true; return; }
    outline.hidden = false;
    outline.replaceChildren(el('h3', {}, '目录'), el('ol', {}, anchors.map(anchor => el('li', { class: `level-${level(anchor.heading)}` },
      el('button', { type: 'button', class: 'link', onclick: () => {
        const target = $(anchor.id);
        target.scrollIntoView({ block: 'start' });
        target.classList.add('flash');
        setTimeout(() => target.classList.remove('flash'), 1200);
      } }, anchor.heading)))));
  }

  function metadata(doc) {
    const rows = [
      ['日期', doc.documentDate], ['来源', doc.source], ['作者', doc.author], ['类型', DS.typeName(doc.contentType)],
      ['文件名', doc.fileName], ['集合', doc.collection], ['标签', (doc.tags || []).join('、')],
      ['版本', doc.version], ['字数', doc.charCount], ['页数', doc.pageCount], ['入库时间', DS.formatTime(doc.ingestedAt)],
    ].filter(([, value]) => value !== undefined && value !== null && value !== '');
    return el('dl', { class: 'doc-meta' }, rows.map(([label, value]) => [el('dt', {}, label), el('dd', {}, String(value))]));
  }

  /** The words to mark in the text: those the search marked, else the query's own words. */
  function wordsOf(context) {
    let words = (context.words || []).filter(Boolean);
    if (!words.length && context.q) {
      words = context.q.replace(/["“”]/g, ' ').split(/\s+/).filter(word => word && !word.startsWith('-') && word !== 'OR');
    }
    const long = words.filter(word => word.length > 1);
    return [...new Set(long.length ? long : words)].sort((a, b) => b.length - a.length);
  }

  function markWords(container, words) {
    if (!words.length) return;
    const pattern = new RegExp(words.map(word => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) continue;
      const parts = [];
      let last = 0;
      pattern.lastIndex = 0;
      for (let match; (match = pattern.exec(text)) !== null;) {
        parts.push(text.slice(last, match.index), el('em', {}, match[0]));
        last = pattern.lastIndex;
      }
      parts.push(text.slice(last));
      node.replaceWith(...parts.filter(part => part !== ''));
    }
  }

  /**
   * The paragraphs of the passage the hit was found by: those holding a piece of its snippet (the snippet is cut
   * from the passage, with … where it leaves text out and a line break between paragraphs).
   */
  function matchedBlocks(blocks, context) {
    const pieces = (context.text || '').split(/…|\n/).map(piece => piece.trim()).filter(piece => piece.length >= 4);
    return blocks.filter(block => pieces.some(piece => block.textContent.includes(piece.slice(0, 40))));
  }

  function jumpToMatch() {
    const first = document.querySelector('#doc-article .matched');
    if (first) first.scrollIntoView({ block: 'center' });
  }

  async function open(id) {
    current = id;
    const context = DS.hitContext.get(id) || { q: DS.search.query() };
    $('doc-article').replaceChildren(el('p', { class: 'muted' }, '正在打开文档…'));
    $('doc-outline').replaceChildren();
    $('doc-message').replaceChildren();
    $('doc-download-state').replaceChildren();
    $('doc-jump').hidden = true;
    window.scrollTo(0, 0);
    let doc;
    try {
      doc = await DS.getJson(`/api/v1/documents/${encodeURIComponent(id)}`);
    } catch (error) {
      if (current !== id) return;
      $('doc-article').replaceChildren(DS.errorBlock(error, error.status === 404
        ? el('span', {}, '刚上传的文档要等编入索引（通常一秒内）后才能查看。') : null));
      return;
    }
    if (current !== id) return;
    const { blocks, anchors } = renderBody(doc);
    const body = el('div', { class: 'doc-body' }, blocks);
    $('doc-article').replaceChildren(el('h2', { class: 'doc-title' }, doc.title || doc.fileName || '（无标题）'),
      metadata(doc), body);
    renderOutline(anchors);
    markWords(body, wordsOf(context));
    const matched = matchedBlocks(blocks, context);
    matched.forEach(block => block.classList.add('matched'));
    $('doc-jump').hidden = !matched.length;
    if (matched.length) matched[0].scrollIntoView({ block: 'center' });
    $('doc-download').onclick = () => DS.downloadOriginal(doc.id, doc.fileName || doc.title, $('doc-download-state'));
    loadSide(id);
  }

  function documentLink(id, title) {
    return el('a', { href: `#doc=${encodeURIComponent(id)}` }, title || '（无标题）');
  }

  function percent(value) {
    return `${Math.round(value * 100)}%`;
  }

  async function loadSide(id) {
    const similar = $('similar');
    const duplicates = $('duplicates');
    for (const box of ['similar-box', 'duplicates-box']) $(box).hidden = false;
    similar.replaceChildren(el('p', { class: 'muted' }, '正在查找…'));
    duplicates.replaceChildren(el('p', { class: 'muted' }, '正在查找…'));
    const [found, copies] = await Promise.allSettled([
      DS.getJson(`/api/v1/documents/${encodeURIComponent(id)}/similar?size=5`),
      DS.getJson(`/api/v1/documents/${encodeURIComponent(id)}/duplicates`),
    ]);
    if (current !== id) return;
    if (found.status === 'rejected') similar.replaceChildren(DS.errorBlock(found.reason));
    else if (!found.value.documents.length) similar.replaceChildren(el('p', { class: 'muted' }, '没有相似的文档。'));
    else similar.replaceChildren(el('ol', { class: 'side-list' }, found.value.documents.map(other => el('li', {},
      documentLink(other.id, other.title), el('span', { class: 'muted' }, ` 相似度 ${percent(other.similarity)}`)))));
    if (copies.status === 'rejected') duplicates.replaceChildren(DS.errorBlock(copies.reason));
    else if (!copies.value.documents.length) duplicates.replaceChildren(el('p', { class: 'muted' }, '没有与本文几乎相同的段落。'));
    else duplicates.replaceChildren(el('ol', { class: 'side-list' }, copies.value.documents.map(other => el('li', {},
      documentLink(other.id, other.title),
      el('span', { class: 'muted' }, ` 本文 ${percent(other.coverage)} 的内容与之几乎相同（${other.pairs.length} 段）`)))));
  }

  DS.documentView = {
    open,
    start() {
      $('doc-jump').addEventListener('click', jumpToMatch);
      for (const box of ['similar-box', 'duplicates-box']) {
        $(box).querySelector('.side-close').addEventListener('click', () => { $(box).hidden = true; });
      }
    },
  };
})(window.DS);
