// The page as a whole: the key, the first screen (what the platform holds, where a key comes from), and which view
// shows: #upload, #check, #doc=<id>, else the search. Views follow the address, so browser Back closes a document.
'use strict';

(function (DS) {
  const el = DS.el;
  const $ = id => document.getElementById(id);
  const VIEWS = ['search', 'upload', 'check', 'doc'];
  let shown = null;
  let searchScroll = 0;

  function showView(view) {
    if (shown === 'search' && view !== 'search') searchScroll = window.scrollY;
    for (const name of VIEWS) $(`view-${name}`).hidden = name !== view;
    for (const tab of document.querySelectorAll('.tabs a')) {
      if (tab.dataset.view === view) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
    }
    if (view === 'search' && shown !== 'search') window.scrollTo(0, searchScroll);
    shown = view;
  }

  /** The address decides the view; a document opened from the page counts how far Back it is from the page. */
  function route() {
    const hash = location.hash.slice(1);
    if (hash.startsWith('doc=')) {
      if (!history.state || history.state.docDepth === undefined) {
        const depth = shown === 'doc' ? (route.depth || 0) + 1 : shown ? 1 : 0;
        history.replaceState({ docDepth: depth }, '');
      }
      route.depth = history.state.docDepth;
      showView('doc');
      DS.documentView.open(decodeURIComponent(hash.slice(4)));
    } else {
      showView(VIEWS.includes(hash) ? hash : 'search');
    }
  }

  function closeDocument() {
    const depth = history.state && history.state.docDepth;
    if (depth) { history.go(-depth); return; }
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    route();
  }

  // ---- the key ----

  function keyState(text, bad) {
    $('key-state').textContent = text;
    $('key-state').classList.toggle('bad', Boolean(bad));
  }

  function saveKey(event) {
    event.preventDefault();
    DS.setKey($('api-key').value.trim());
    keyState(DS.key() ? '已保存' : '');
    if (DS.search.query()) DS.search.rerun(); else showWelcome();
  }

  // ---- the first screen ----

  const KEY_HELP = () => el('section', { class: 'card', id: 'key-help' },
    el('h2', {}, '需要 API 密钥'),
    el('p', {}, '平台的每次检索、上传都要带上 API 密钥。密钥由管理员创建（调用 ', el('code', {}, 'POST /api/v1/admin/keys'),
      '，指定名称、角色和集合；角色 reader 可以检索和查看，writer 还可以上传，admin 还可以管理密钥），创建时只显示一次。'),
    el('p', {}, '在本机运行的平台上，deploy/local/up.sh 启动时会打印管理员密钥，之后也可以用下面的命令再次打印：'),
    el('pre', {}, 'java -jar deploy/local-infra/target/local-infra.jar admin-key'),
    el('p', {}, '把密钥粘贴到页面上方的“API 密钥”框并点“保存”。密钥只保存在本浏览器中（localStorage），随每次请求以 X-API-Key 发送。'));

  function howToSearch() {
    const example = q => el('button', { type: 'button', class: 'example', onclick: () => DS.search.searchFor(q) }, q);
    return el('section', { class: 'card' },
      el('h2', {}, '怎样检索'),
      el('p', {}, '输入词语或一句话都可以：', example('乡村振兴'), example('农民不出家门就能找到工作')),
      el('ul', {},
        el('li', {}, '“综合”同时按词语和语义排序；“关键词”只找含有这些词的文档；“语义”找意思相近的段落，用词不同也能找到。'),
        el('li', {}, '加引号精确匹配短语（如 ', el('code', {}, '"高标准农田"'), '），词前加减号排除（如 ', el('code', {}, '-试点'),
          '），', el('code', {}, 'A OR B'), ' 含其一即可；繁体字和简体字互相都能找到。'),
        el('li', {}, '左侧按标签、来源、类型、集合、年份筛选，数字是各项的文档数；按 / 键随时回到检索框。'),
        el('li', {}, '“上传”接收文件和 zip 压缩包，“查重”找出一段文字是从哪篇文档复制来的。')));
  }

  function statsCard(stats) {
    const totals = stats.totals;
    const parts = [`可检索 ${totals.indexed} 篇，其中 ${totals.embedded} 篇也可按语义检索`];
    if (totals.pending) parts.push(`${totals.pending} 篇正在处理`);
    if (totals.failed) parts.push(`${totals.failed} 篇处理失败`);
    const collections = stats.collections || [];
    return el('section', { class: 'card', id: 'stats' },
      el('h2', {}, `平台现有 ${totals.accepted} 篇文档`),
      el('p', {}, `${parts.join('；')}。`),
      collections.length ? el('table', { class: 'stats-table' },
        el('thead', {}, el('tr', {}, el('th', {}, '集合'), el('th', {}, '文档'), el('th', {}, '可检索'), el('th', {}, '语义'))),
        el('tbody', {}, collections.map(c => el('tr', {}, el('td', {}, c.collection), el('td', {}, String(c.accepted)),
          el('td', {}, String(c.indexed)), el('td', {}, String(c.embedded)))))) : null);
  }

  async function showWelcome() {
    $('results-layout').hidden = true;
    $('export').hidden = true;
    DS.showMessage(null);
    const welcome = $('welcome');
    welcome.hidden = false;
    if (!DS.key()) {
      keyState('');
      welcome.replaceChildren(KEY_HELP(), howToSearch());
      return;
    }
    welcome.replaceChildren(el('p', { class: 'muted' }, '正在读取平台概况…'));
    try {
      const stats = await DS.getJson('/api/v1/admin/stats');
      keyState('管理员密钥');
      welcome.replaceChildren(statsCard(stats), howToSearch());
    } catch (error) {
      if (error.status === 403) {
        keyState('已保存');
        welcome.replaceChildren(el('section', { class: 'card', id: 'stats' }, el('h2', {}, '可以开始检索了'),
          el('p', {}, '当前密钥可以检索，但无权查看平台统计（需要管理员密钥）。')), howToSearch());
      } else {
        if (error.status === 401) keyState('密钥无效', true);
        welcome.replaceChildren(DS.errorBlock(error), error.status === 401 ? KEY_HELP() : null, howToSearch());
      }
    }
  }

  DS.app = {
    showView,
    showWelcome,
    hideWelcome: () => { $('welcome').hidden = true; },
    keyRefused: error => keyState(error.status === 401 ? '密钥无效' : '权限不足', true),
  };

  function start() {
    $('api-key').value = DS.key();
    $('key-form').addEventListener('submit', saveKey);
    $('doc-close').addEventListener('click', closeDocument);
    // on a phone the filters start folded above the results
    if (window.matchMedia('(max-width: 760px)').matches) $('filters').open = false;
    window.addEventListener('hashchange', route);
    DS.suggest.start();
    DS.documentView.start();
    DS.upload.start();
    DS.copyCheck.start();
    DS.search.start();
    route();
  }

  start();
})(window.DS);
