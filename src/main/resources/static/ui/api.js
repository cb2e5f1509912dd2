// Calls to Tolk's REST API: the key (if any) as Authorization: Bearer, errors as ApiError with
// the problem's detail (every error of the API is application/problem+json).

const KEY = 'tolk.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, detail, type) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.type = type || '';
  }
}

/**
 * fetch on the API. options: method, json (a body sent as JSON), form (a FormData), signal, key
 * (a key to try instead of the stored one). Answers the parsed JSON, the text, or null (204).
 */
export async function api(path, options = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const key = options.key ?? apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  const response = await fetch(path, {
    method: options.method || (body ? 'POST' : 'GET'),
    headers,
    body,
    signal: options.signal,
  });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = data && typeof data === 'object' ? data.detail || data.error : data;
    throw new ApiError(response.status, detail || response.statusText, data && data.type);
  }
  return data;
}

/** 1234567 → "1.2 MB". */
export function bytes(n) {
  if (n == null) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(n < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

/** A language code with its English name: "de" → "German (de)". */
export function languageName(code) {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** An element with attributes and children: el('td', {class: 'num'}, '3.2'). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

/** Gives every body cell its column's name (data-label), which phones show above it. */
export function labelCells(table) {
  const names = [...table.tHead.rows[0].cells].map((c) => c.textContent);
  for (const row of table.tBodies[0].rows) {
    [...row.cells].forEach((cell, i) => cell.setAttribute('data-label', names[i] || ''));
  }
}
