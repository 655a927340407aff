// Configuration view: the KV tree under config/, an editor that saves with ?cas=<ModifyIndex read>, the change feed
// with diffs and one-click rollback (again with ?cas).
import { el, write, notice } from './api.js';

let entries = new Map();
let selected = null;       // { key, index } as read when the user opened it
const feed = document.getElementById('kv-feed');
const value = document.getElementById('kv-value');
const save = document.getElementById('kv-save');
const message = document.getElementById('kv-message');

export function reset() {
  feed.replaceChildren();
}

export function update(state) {
  document.getElementById('kv-prefix').textContent = state.prefix;
  document.getElementById('kv-error').textContent = state.error || '';
  entries = new Map(state.entries.map(e => [e.key, e]));
  document.getElementById('kv-keys').replaceChildren(...state.entries.map(e =>
    el('li', { 'data-key': e.key, class: selected?.key === e.key ? 'selected' : null, onclick: () => open(e.key) },
      e.key, ' ', el('span', { class: 'meta' }, `@${e.modifyIndex}`))));
}

function open(key) {
  const entry = entries.get(key);
  selected = { key, index: entry ? entry.modifyIndex : 0 };
  document.getElementById('kv-editing').textContent = key;
  document.getElementById('kv-index').textContent = selected.index;
  value.value = entry ? entry.value : '';
  value.disabled = false;
  save.disabled = false;
  message.replaceChildren();
  for (const li of document.querySelectorAll('#kv-keys li')) li.classList.toggle('selected', li.dataset.key === key);
}

document.getElementById('kv-new').addEventListener('submit', event => {
  event.preventDefault();
  const key = document.getElementById('kv-new-key').value.trim();
  if (key) open(key);
});

save.addEventListener('click', async () => {
  if (!selected) return;
  const { key, index } = selected;
  try {
    await write('PUT', `api/kv?key=${encodeURIComponent(key)}&cas=${index}`, value.value);
    message.replaceChildren(el('p', { class: 'saved', id: 'kv-saved' }, `saved ${key}`));
    // The next edit must name the index of this write: take it from the tree when the watch delivers it.
    selected = null;
    value.disabled = true;
    save.disabled = true;
  } catch (e) {
    if (e.status === 409) {
      const current = e.problem?.current;
      message.replaceChildren(el('div', { class: 'conflict', id: 'kv-conflict' },
        el('strong', {}, 'Conflict: '), e.message,
        el('p', {}, 'stored now: ', el('code', {}, current ? current.value : '(deleted)'),
          current ? ` at index ${current.modifyIndex}` : ''),
        el('p', { class: 'meta' }, 'Your text is kept in the editor; reopen the key to edit the stored value.')));
    } else {
      message.replaceChildren(el('p', { class: 'error' }, e.message));
    }
  }
});

export function change(c) {
  const kind = c.oldValue === null ? 'created' : c.newValue === null ? 'deleted' : 'changed';
  const canRollBack = c.oldValue !== null;
  feed.prepend(el('li', { 'data-change': `${c.key}@${c.newIndex}` },
    new Date(c.at).toLocaleTimeString(), ' ', el('code', {}, c.key), ` ${kind} (index ${c.oldIndex} → ${c.newIndex})`,
    el('div', { class: 'diff' },
      c.oldValue !== null ? el('div', {}, '− ', el('del', {}, c.oldValue)) : null,
      c.newValue !== null ? el('div', {}, '+ ', el('ins', {}, c.newValue)) : null),
    canRollBack ? el('button', { class: 'write', onclick: () => rollback(c) }, 'roll back') : null));
}

async function rollback(c) {
  try {
    // cas = the index of the change being undone (0 re-creates a deleted key only while it is still absent).
    await write('PUT', `api/kv?key=${encodeURIComponent(c.key)}&cas=${c.newIndex}`, c.oldValue);
    notice(`rolled back ${c.key}`);
  } catch (e) {
    notice(`rollback of ${c.key}: ${e.message}`);
  }
}
