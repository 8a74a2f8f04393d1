// Suggestions under the search box while typing (titles and frequent terms; Chinese, pinyin or its initials), and
// the keyboard: / focuses the box, arrows move through the suggestions, Enter takes one, Escape closes them.
'use strict';

(function (DS) {
  const el = DS.el;
  const DELAY_MS = 150;
  const MAX_CHARS = 50; // the platform suggests for what was typed so far, up to 50 characters
  const input = () => document.getElementById('q');
  const list = () => document.getElementById('suggestions');
  let timer = null;
  let sequence = 0;
  let items = [];
  let selected = -1;
  let missing = false; // the platform answered 404: it has no suggestions (yet), so stop asking

  function hide() {
    clearTimeout(timer);
    sequence++;
    items = [];
    selected = -1;
    list().hidden = true;
    list().replaceChildren();
    input().setAttribute('aria-expanded', 'false');
    input().removeAttribute('aria-activedescendant');
  }

  async function ask(prefix) {
    const mine = ++sequence;
    let body;
    try {
      body = await DS.getJson(`/api/v1/search/suggest?${new URLSearchParams({ q: prefix, size: 8 })}`);
    } catch (error) {
      if (error.status === 404) missing = true;
      if (mine === sequence) hide();
      return; // suggestions are a help: a failure only means none are shown
    }
    if (mine !== sequence || input().value.trim() !== prefix) return; // an older answer, or the box changed since
    show(body.suggestions || []);
  }

  function show(suggestions) {
    items = suggestions.filter(suggestion => suggestion && suggestion.text);
    selected = -1;
    if (!items.length) { hide(); return; }
    list().replaceChildren(...items.map((suggestion, index) => el('li', {
      id: `suggestion-${index}`, role: 'option', 'aria-selected': 'false', class: 'suggestion',
      // mousedown, not click: the box must not lose focus (and hide the list) before the choice is taken
      onmousedown: event => { event.preventDefault(); pick(index); },
    }, el('span', { class: 'suggestion-text' }, suggestion.text),
    el('span', { class: 'kind' }, suggestion.kind === 'title' ? '标题' : '词语'))));
    list().hidden = false;
    input().setAttribute('aria-expanded', 'true');
  }

  function move(step) {
    if (!items.length) return;
    selected = (selected + 1 + step + items.length + 1) % (items.length + 1) - 1; // -1: back in the box, nothing chosen
    list().querySelectorAll('li').forEach((item, index) => item.setAttribute('aria-selected', String(index === selected)));
    if (selected >= 0) input().setAttribute('aria-activedescendant', `suggestion-${selected}`);
    else input().removeAttribute('aria-activedescendant');
  }

  /** A title opens its document; a term is searched for. */
  function pick(index) {
    const suggestion = items[index];
    hide();
    input().value = suggestion.text;
    if (suggestion.kind === 'title' && suggestion.id) location.hash = `doc=${encodeURIComponent(suggestion.id)}`;
    else DS.search.searchFor(suggestion.text);
  }

  function typing() {
    clearTimeout(timer);
    const prefix = input().value.trim();
    if (!prefix || prefix.length > MAX_CHARS || missing || !DS.key()) { hide(); return; }
    timer = setTimeout(() => ask(prefix), DELAY_MS);
  }

  function keys(event) {
    const open = !list().hidden;
    if (event.key === 'ArrowDown' && open) { event.preventDefault(); move(1); }
    else if (event.key === 'ArrowUp' && open) { event.preventDefault(); move(-1); }
    else if (event.key === 'Escape' && open) { event.preventDefault(); hide(); }
    else if (event.key === 'Enter' && open && selected >= 0) { event.preventDefault(); pick(selected); }
  }

  /** "/" anywhere but in a field goes to the search box, as on most search sites. */
  function slash(event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    event.preventDefault();
    if (location.hash && !location.hash.startsWith('#search')) history.pushState(null, '', `${location.pathname}${location.search}`);
    DS.app.showView('search');
    input().focus();
    input().select();
  }

  DS.suggest = {
    hide,
    start() {
      input().addEventListener('input', typing);
      input().addEventListener('keydown', keys);
      input().addEventListener('blur', () => setTimeout(hide, 0));
      document.addEventListener('keydown', slash);
    },
  };
})(window.DS);
