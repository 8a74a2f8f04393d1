// The copy check: a pasted paragraph, and the stored passages nearest to it, those at or above the copy threshold
// marked as where it was copied from.
'use strict';

(function (DS) {
  const el = DS.el;
  const $ = id => document.getElementById(id);
  const MAX_CHARS = 2000;

  function count() {
    const length = $('check-text').value.length;
    $('check-count').textContent = `${length} / ${MAX_CHARS} 字`;
    $('check-count').classList.toggle('over', length > MAX_CHARS);
  }

  async function check(event) {
    event.preventDefault();
    const text = $('check-text').value.trim();
    const results = $('check-results');
    if (!text) { results.replaceChildren(el('p', { class: 'message error' }, '请先粘贴一段文字。')); return; }
    if (text.length > MAX_CHARS) {
      results.replaceChildren(el('p', { class: 'message error' }, `一次最多查 ${MAX_CHARS} 字，请分段查找。`));
      return;
    }
    const button = $('check-button');
    button.disabled = true;
    results.replaceChildren(el('p', { class: 'muted' }, '正在查找…'));
    try {
      const body = await DS.getJson('/api/v1/passages/similar', { method: 'POST', json: { text, size: 10 } });
      render(body);
    } catch (error) {
      results.replaceChildren(DS.errorBlock(error));
    } finally {
      button.disabled = false;
    }
  }

  function render(body) {
    const passages = body.passages || [];
    const copied = passages.filter(passage => passage.copied);
    const threshold = `${Math.round(body.threshold * 100)}%`;
    const summary = copied.length
      ? `这段文字很可能复制自 ${new Set(copied.map(passage => passage.documentId)).size} 篇文档（相似度达到 ${threshold} 即视为复制）：`
      : passages.length ? `没有找到复制来源（相似度都低于 ${threshold}），最相近的段落：` : '没有找到相似的段落。';
    $('check-results').replaceChildren(el('p', { class: 'check-summary' }, summary),
      el('ol', { class: 'check-list' }, passages.map(passage => {
        // the document view opens at this passage
        DS.hitContext.set(passage.documentId, { text: passage.text, position: passage.position, words: [] });
        return el('li', { class: passage.copied ? 'copied' : 'similar' },
          el('div', { class: 'check-head' },
            el('span', { class: 'badge' }, passage.copied ? '复制' : '相似'),
            el('span', { class: 'similarity' }, `相似度 ${Math.round(passage.similarity * 100)}%`),
            el('a', { href: `#doc=${encodeURIComponent(passage.documentId)}`, class: 'source-title' }, passage.title || '（无标题）')),
          (passage.headings || []).length ? el('div', { class: 'path' }, passage.headings.join(' › ')) : null,
          el('p', { class: 'check-passage' }, passage.text));
      })));
  }

  DS.copyCheck = {
    start() {
      $('check-form').addEventListener('submit', check);
      $('check-text').addEventListener('input', count);
      count();
    },
  };
})(window.DS);
