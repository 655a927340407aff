// Calls to the console's own /api/* endpoints; every write carries the ACL token the user entered, if any.
const TOKEN_KEY = 'suite-console-token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
}

/** Sends a write; resolves to the JSON answer, rejects with the problem detail (RFC 9457) as an Error. */
export async function write(method, url, body) {
  const headers = {};
  if (token()) headers['X-Consul-Token'] = token();
  if (body !== undefined) headers['Content-Type'] = 'text/plain';
  const response = await fetch(url, { method, headers, body });
  return answer(response);
}

export async function read(url) {
  return answer(await fetch(url));
}

async function answer(response) {
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    const error = new Error(json?.detail || json?.title || `HTTP ${response.status}`);
    error.status = response.status;
    error.problem = json;
    throw error;
  }
  return json;
}

/** Builds an element: el('td', {class: 'x'}, 'text', child, ...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function notice(text) {
  const element = document.getElementById('notice');
  element.textContent = text || '';
}
