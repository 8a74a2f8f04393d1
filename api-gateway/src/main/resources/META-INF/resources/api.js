// What every part of the page shares: the key, calls to the API, its problems told in Chinese, DOM helpers.
'use strict';
window.DS = window.DS || {};

(function (DS) {
  const KEY_STORAGE = 'docsearch-api-key';

  DS.key = () => localStorage.getItem(KEY_STORAGE) || '';
  DS.setKey = value => {
    if (value) localStorage.setItem(KEY_STORAGE, value); else localStorage.removeItem(KEY_STORAGE);
  };

  // ---- DOM ----

  /** An element with attributes (on* as listeners, class, dataset, boolean properties) and children (text is text). */
  DS.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (name === 'class') node.className = value;
      else if (name === 'dataset') Object.assign(node.dataset, value);
      else if (name in node && typeof node[name] === 'boolean') node[name] = Boolean(value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  };

  function append(node, children) {
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      if (Array.isArray(child)) append(node, child);
      else node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  function unescapeHtml(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  }

  /**
   * A highlight the server escaped, with <em> (matched words) and <mark> (the answering sentence), as DOM nodes:
   * only those two tags become elements and the rest is text, so even a string that slipped through unescaped
   * cannot add markup.
   */
  DS.highlighted = function (html) {
    const fragment = document.createDocumentFragment();
    const stack = [fragment];
    const tag = /<(\/?)(em|mark)>/gi;
    let last = 0;
    for (let match; (match = tag.exec(html || '')) !== null;) {
      if (match.index > last) stack[stack.length - 1].appendChild(document.createTextNode(unescapeHtml(html.slice(last, match.index))));
      if (match[1]) { if (stack.length > 1) stack.pop(); }
      else {
        const element = document.createElement(match[2].toLowerCase());
        stack[stack.length - 1].appendChild(element);
        stack.push(element);
      }
      last = tag.lastIndex;
    }
    if (html && last < html.length) stack[stack.length - 1].appendChild(document.createTextNode(unescapeHtml(html.slice(last))));
    return fragment;
  };

  /** The text of a highlight, and the words it marks. */
  DS.plainText = html => unescapeHtml((html || '').replace(/<\/?(em|mark)>/gi, ''));
  DS.markedWords = function (html) {
    const words = new Set();
    for (const match of (html || '').matchAll(/<em>(.*?)<\/em>/gi)) words.add(unescapeHtml(match[1]));
    return [...words].filter(Boolean);
  };

  // ---- formats ----

  const TYPES = [
    [/^text\/plain/, '文本'], [/json/, 'JSON 文本'], [/^text\/markdown/, 'Markdown'], [/^text\/html|xhtml/, '网页'],
    [/^application\/pdf/, 'PDF'], [/wordprocessingml|^application\/msword/, 'Word 文档'],
    [/presentationml|powerpoint/, '演示文稿'], [/spreadsheetml|excel/, '电子表格'],
    [/opendocument\.text/, 'ODT 文档'], [/rtf/, 'RTF 文档'], [/epub/, '电子书'], [/zip/, '压缩包'],
  ];
  DS.typeName = function (contentType) {
    if (!contentType) return '';
    const found = TYPES.find(([pattern]) => pattern.test(contentType));
    return found ? found[1] : contentType;
  };

  DS.formatTime = function (iso) {
    if (!iso) return '';
    const time = new Date(iso);
    return Number.isNaN(time.getTime()) ? iso : time.toLocaleString('zh-CN', { hour12: false });
  };

  DS.formatBytes = function (bytes) {
    if (bytes < 1024) return `${bytes} 字节`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  };

  // ---- the API and its problems ----

  /** A refused or failed call: status 0 when the server could not be reached. */
  class ApiError extends Error {
    constructor(status, problem, retryAfter) {
      super(problemMessage(status, problem || {}, retryAfter));
      this.status = status;
      this.type = (problem && problem.type || '').replace('urn:docsearch:problem:', '');
      this.detail = problem && problem.detail || '';
    }
  }
  DS.ApiError = ApiError;

  const BY_TYPE = {
    'unauthenticated': '需要 API 密钥：请在页面上方填入密钥并保存。',
    'invalid-api-key': '密钥无效或已被吊销：请检查后重新填写。',
    'invalid-token': '登录凭证无效或已过期：请重新取得密钥。',
    'forbidden': '当前密钥的角色无权执行此操作。',
    'collection-forbidden': '当前密钥无权使用这个集合。',
    'origin-not-allowed': '平台不接受来自此网页地址的请求。',
    'invalid-query': '检索条件有误。',
    'invalid-parameter': '请求参数有误。',
    'invalid-cursor': '翻页位置已失效，请从第一页重新开始。',
    'cursor-expired': '翻页已过期（超过 5 分钟没有继续翻页，或索引已重建），请从第一页重新开始。',
    'document-not-found': '文档不存在，或当前密钥无权查看。',
    'no-original': '该文档以文本提交，没有原始文件。',
    'not-embedded': '该文档的语义向量尚未生成，请稍后再试。',
    'not-found': '请求的地址不存在。',
    'rate-limited': '请求过于频繁，请稍后再试。',
    'starting': '平台正在启动，请稍候再试。',
    'service-unavailable': '检索平台暂时不可用，请稍后再试。',
    'broker-unavailable': '平台暂时无法保存文档，请稍后重试。',
    'upstream-failure': '平台内部服务出错，请稍后再试。',
    'upstream-timeout': '平台响应超时，请稍后再试。',
    'internal-error': '平台内部出错，请稍后再试。',
    'empty-file': '文件是空的。',
    'unsafe-archive-entry': '压缩包含有不安全的路径，整个压缩包被拒收。',
    'file-too-large': '文件太大（单个文件最大 50 MB）。',
    'document-too-large': '文档的文字太多（每篇最多 200 万字）。',
    'archive-too-large': '压缩包超出限制（文件数、解压后大小或压缩比）。',
    'batch-too-large': '一次上传的文档太多。',
    'body-too-large': '请求太大。',
    'too-many-parts': '一次上传的文件太多。',
    'unsupported-type': '不支持的文件类型。',
    'unparseable-document': '文件已损坏或格式不对，无法读取。',
    'encrypted-document': '文件有密码保护，无法读取。',
    'no-text-layer': '这是扫描版 PDF（没有文字层），无法读取文字。',
    'no-text': '文件中没有可读的文字。',
    'invalid-document': '文档内容有误。',
    'idempotency-key-conflict': '同一个请求编号提交了不同的内容。',
    'uri-too-long': '检索条件太长。',
    'headers-too-large': '请求头太大。',
  };

  function problemMessage(status, problem, retryAfter) {
    const type = (problem.type || '').replace('urn:docsearch:problem:', '');
    if (type === 'invalid-query' && /'next'/.test(problem.detail || '')) {
      return '页码超出了可直接跳转的范围，请用“下一页”继续翻页。';
    }
    let message = BY_TYPE[type];
    if (!message) {
      if (status === 0) message = '无法连接到平台，请检查网络或平台是否在运行。';
      else if (status === 401) message = BY_TYPE.unauthenticated;
      else if (status === 403) message = BY_TYPE.forbidden;
      else if (status === 404) message = '没有找到所请求的内容。';
      else if (status === 410) message = BY_TYPE['cursor-expired'];
      else if (status === 413) message = '请求或文件太大。';
      else if (status === 429) message = BY_TYPE['rate-limited'];
      else if (status >= 500) message = `平台出错（${status}），请稍后再试。`;
      else message = `请求未被接受（${status}）。`;
    }
    if (status === 429 && retryAfter) message = `请求过于频繁，请 ${retryAfter} 秒后再试。`;
    return message;
  }
  DS.problemMessage = (problem, status) => problemMessage(status || problem.status || 0, problem || {});

  /** A key is printable ASCII: anything else (a pasted Chinese note) could not even be sent as a header. */
  DS.keyUnusable = () => (/[^\x21-\x7e]/.test(DS.key())
    ? new ApiError(401, { type: 'urn:docsearch:problem:invalid-api-key' }) : null);

  /** fetch with the key; resolves to the response when it is 2xx, else throws an ApiError. */
  DS.request = async function (path, options = {}) {
    if (DS.keyUnusable()) throw DS.keyUnusable();
    const headers = Object.assign({ 'X-API-Key': DS.key() }, options.headers);
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response;
    try {
      response = await fetch(path, { method: options.method || 'GET', headers, body, signal: options.signal });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(0, null);
    }
    if (response.ok) return response;
    throw await DS.errorOf(response);
  };

  DS.errorOf = async function (response) {
    let problem = null;
    try { problem = await response.json(); } catch (ignored) { /* a body that is not a problem: the status says it */ }
    return new ApiError(response.status, problem, response.headers.get('Retry-After'));
  };

  DS.getJson = async (path, options) => (await DS.request(path, options)).json();

  /** The message of an error as a block: the Chinese sentence, the platform's detail beneath it. */
  DS.errorBlock = function (error, extra) {
    const api = error instanceof ApiError;
    return DS.el('div', { class: 'message error', role: 'alert' },
      DS.el('strong', {}, api ? error.message : '页面出错：' + error.message),
      extra || null,
      api && error.detail ? DS.el('small', { class: 'detail' }, error.detail) : null);
  };

  /** The file name of a Content-Disposition: its UTF-8 filename* first, then filename. */
  DS.fileNameOf = function (disposition) {
    if (!disposition) return null;
    const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (extended) {
      try { return decodeURIComponent(extended[1].trim()); } catch (ignored) { /* fall back to the plain name */ }
    }
    const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
    return plain ? (plain[1] || plain[2]).trim() : null;
  };

  /** Downloads what an address answers, with the key (a plain link could not send it), as a file. */
  DS.download = async function (path, fallbackName) {
    const response = await DS.request(path);
    const blob = await response.blob();
    const name = DS.fileNameOf(response.headers.get('Content-Disposition')) || fallbackName;
    const url = URL.createObjectURL(blob);
    const link = DS.el('a', { href: url, download: name, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return name;
  };

  /** Downloads a document's original file, saying in `status` how it went. */
  DS.downloadOriginal = async function (id, fallbackName, status) {
    status.replaceChildren('正在下载…');
    try {
      const name = await DS.download(`/api/v1/documents/${encodeURIComponent(id)}/original`, fallbackName);
      status.replaceChildren(`已下载 ${name}`);
    } catch (error) {
      status.replaceChildren(DS.errorBlock(error));
    }
  };
})(window.DS);
