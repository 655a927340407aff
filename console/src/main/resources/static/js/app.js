// The page: tabs, the one event stream (EventSource resends Last-Event-ID itself when it reconnects), access.
import { setToken, token } from './api.js';
import * as services from './services.js';
import * as raft from './raft.js';
import * as config from './config.js';
import * as lb from './lb.js';

const views = { services, raft, config, lb };
let lastId = -1;
let aclRequired = false;

for (const button of document.querySelectorAll('#tabs button')) {
  button.addEventListener('click', () => show(button.dataset.tab));
}

function show(tab) {
  for (const button of document.querySelectorAll('#tabs button')) button.classList.toggle('active', button.dataset.tab === tab);
  for (const view of document.querySelectorAll('.view')) view.classList.toggle('active', view.id === `view-${tab}`);
  history.replaceState(null, '', `#${tab}`);
}
if (location.hash.length > 1 && views[location.hash.slice(1)]) show(location.hash.slice(1));

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  setToken(document.getElementById('token').value.trim());
  document.getElementById('token').value = '';
  updateAccess();
});

function updateAccess() {
  const readOnly = aclRequired && !token();
  document.body.classList.toggle('readonly', readOnly);
  const badge = document.getElementById('acl-status');
  badge.textContent = aclRequired ? (token() ? 'token set' : 'read-only: enter a token to write') : '';
  badge.className = 'badge ' + (aclRequired ? (token() ? 'ok' : 'warn') : '');
  badge.hidden = !aclRequired;
  for (const view of Object.values(views)) view.access?.(readOnly);
}
updateAccess();

const stream = new EventSource('api/events');
const status = document.getElementById('stream-status');
stream.onopen = () => { status.textContent = 'live'; status.className = 'badge ok'; };
stream.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'badge bad'; };

function on(type, handler) {
  stream.addEventListener(type, message => {
    const id = Number(message.lastEventId);
    // An event can arrive twice around a (re)connection: the replay and the live stream overlap by design.
    if (type !== 'reset' && id <= lastId) return;
    if (type !== 'reset') lastId = id;
    handler(JSON.parse(message.data));
  });
}

on('reset', () => { lastId = -1; config.reset(); });
on('services', data => services.update(data));
on('raft', data => raft.update(data));
on('kv', data => config.update(data));
on('kv-change', data => config.change(data));
on('lb', data => lb.update(data));
on('lb-switches', data => lb.updateSwitches(data));
on('acl', data => { aclRequired = data.required; updateAccess(); });
window.suiteConsole = { lastEventId: () => lastId };
