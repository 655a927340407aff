// Services view: every service and instance with checks, tags, weight; maintenance toggle; DNS beside HTTP.
import { el, read, write, notice } from './api.js';

const list = document.getElementById('services-list');

const rendered = new Map(); // service name -> { json, node }: a block is rebuilt only when its data changed

export function update(state) {
  document.getElementById('services-error').textContent = state.error || '';
  const blocks = Object.entries(state.services || {}).map(([name, instances]) => {
    const json = JSON.stringify(instances);
    const before = rendered.get(name);
    if (before && before.json === json) return before.node;
    const node = service(name, instances);
    rendered.set(name, { json, node });
    return node;
  });
  for (const name of [...rendered.keys()]) if (!(name in (state.services || {}))) rendered.delete(name);
  list.replaceChildren(...blocks);
}

function service(name, instances) {
  const passing = instances.filter(i => i.status === 'passing').length;
  return el('div', { class: 'service', 'data-service': name },
    el('h2', {}, name, ' ', el('span', { class: 'meta' }, `${passing}/${instances.length} passing`), ' ',
      el('button', { onclick: () => dns(name), 'data-dns': name }, 'DNS vs HTTP')),
    el('table', {},
      el('thead', {}, el('tr', {}, ['instance', 'address', 'status', 'checks', 'tags', 'weight', 'maintenance'].map(h => el('th', {}, h)))),
      el('tbody', {}, instances.map(instance))));
}

function instance(i) {
  return el('tr', { 'data-instance': i.id },
    el('td', {}, i.id, el('div', { class: 'meta' }, i.node)),
    el('td', {}, `${i.address}:${i.port}`),
    el('td', { class: `status ${i.status}` }, i.status),
    el('td', {}, el('ul', { class: 'checks' }, i.checks.map(c =>
      el('li', { 'data-check': c.checkId }, el('span', { class: c.status }, c.status), ' ', c.name || c.checkId,
        c.output ? el('div', { class: 'output' }, c.output) : null)))),
    el('td', {}, i.tags.map(t => el('span', { class: 'tag' }, t))),
    el('td', {}, i.weight ?? '—'),
    el('td', {}, el('button', {
      class: 'write', 'data-maint': i.id,
      onclick: () => maintenance(i.id, !i.maintenance)
    }, i.maintenance ? 'end maintenance' : 'start maintenance')));
}

async function maintenance(id, enable) {
  try {
    await write('PUT', `api/services/instances/${encodeURIComponent(id)}/maintenance?enable=${enable}&reason=${encodeURIComponent('suite console')}`);
    notice('');
  } catch (e) {
    notice(`maintenance of ${id}: ${e.message}`);
  }
}

async function dns(name) {
  const panel = document.getElementById('dns-panel');
  panel.hidden = false;
  document.getElementById('dns-name').textContent = name;
  try {
    const answer = await read(`api/services/${encodeURIComponent(name)}/dns`);
    document.getElementById('dns-answer').textContent = answer.error
      ? answer.error
      : `${name}.service.consul  ${answer.rcode}\nA\n${answer.a.map(a => '  ' + a).join('\n') || '  (none)'}\nSRV\n`
        + (answer.srv.map(s => `  ${s.priority} ${s.weight} ${s.port} ${s.target}`).join('\n') || '  (none)');
    document.getElementById('http-answer').textContent = `?passing\n${answer.passing.map(a => '  ' + a).join('\n') || '  (no passing instance)'}`
      + `\n/v1/catalog/service/${name} (passing or not)\n${answer.catalog.map(a => '  ' + a).join('\n') || '  (none)'}`;
  } catch (e) {
    document.getElementById('dns-answer').textContent = e.message;
    document.getElementById('http-answer').textContent = '';
  }
}
