// Load-balancing view: per target service its policy (switched with a check-and-set KV write) and, per calling
// instance (gateway, order-service), each target instance's in-flight, rps, share and p99, with a live rps chart.
import { el, write, notice } from './api.js';

const POLICIES = ['round-robin', 'least-connections'];
const COLORS = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
const acknowledged = new Map(); // service -> [{ at, policy }] policy writes acknowledged while this page was open
const SVG = 'http://www.w3.org/2000/svg';

export function update(state) {
  const root = document.getElementById('lb-services');
  const services = new Map(state.policies.map(p => [p.service, { policy: p, callers: [] }]));
  for (const caller of state.callers) {
    for (const target of caller.targets) {
      if (!services.has(target.service)) services.set(target.service, { policy: null, callers: [] });
      const entry = services.get(target.service);
      let seen = entry.callers.find(c => c.caller === caller);
      if (!seen) entry.callers.push(seen = { caller, targets: [] });
      seen.targets.push(target);
    }
  }
  const silent = state.callers.filter(c => c.error);
  document.getElementById('lb-error').textContent = silent.map(c => `${c.application} ${c.instanceId} (${c.address}): ${c.error}`).join('\n');
  if (!state.callers.length) {
    document.getElementById('lb-error').textContent = 'no gateway or order-service instance in the catalog';
  }
  root.replaceChildren(...[...services.entries()].map(([name, entry]) => service(name, entry)));
}

function service(name, { policy, callers }) {
  const current = policy?.value || 'round-robin';
  return el('div', { class: 'service', 'data-lb-service': name },
    el('h2', {}, name, ' ', el('span', { class: 'meta' },
      `policy: ${policy?.value ?? 'round-robin (default, no key)'}`,
      policy?.gatewayOverride ? ` · gateway override: ${policy.gatewayOverride}` : '')),
    policy ? el('p', {}, 'switch to ', ...POLICIES.filter(p => p !== current).map(p =>
      el('button', { class: 'write', 'data-policy': `${name}:${p}`, onclick: () => switchPolicy(policy, p) }, p)),
      el('span', { class: 'meta' }, ` (writes ${policy.key} with ?cas=${policy.modifyIndex})`)) : null,
    ...callers.map(({ caller, targets }) => el('div', {},
      el('h4', {}, `as seen by ${caller.application} ${caller.instanceId}`),
      el('table', {},
        el('thead', {}, el('tr', {}, ['instance', 'in flight', 'rps', 'share', 'p99', 'max (recent)'].map(h => el('th', {}, h)))),
        el('tbody', {}, targets.map((t, i) => el('tr', { 'data-target': t.instance },
          el('td', {}, el('span', { style: `color:${COLORS[i % COLORS.length]}` }, '■ '), t.instance),
          el('td', {}, t.inFlight), el('td', { class: 'rps' }, t.rps), el('td', {}, `${Math.round(t.share * 100)} %`),
          el('td', {}, t.p99Ms === null ? 'n/a (no histogram)' : `${t.p99Ms} ms`), el('td', {}, `${t.maxMs} ms`))))),
      chart(name, targets))));
}

function chart(name, targets) {
  const width = 600, height = 120, points = 60;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('data-samples', Math.max(0, ...targets.map(t => t.history.length)));
  const top = Math.max(1, ...targets.flatMap(t => t.history));
  targets.forEach((t, i) => {
    const offset = points - t.history.length;
    const path = t.history.map((v, x) => `${x ? 'L' : 'M'}${((x + offset) / (points - 1)) * width},${height - 5 - (v / top) * (height - 20)}`).join(' ');
    const line = document.createElementNS(SVG, 'path');
    line.setAttribute('d', path);
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLORS[i % COLORS.length]);
    line.setAttribute('stroke-width', '2');
    svg.append(line);
  });
  const label = document.createElementNS(SVG, 'text');
  label.setAttribute('x', 4); label.setAttribute('y', 12); label.setAttribute('font-size', '11');
  label.textContent = `rps, last ${points} samples, top ${top}`;
  svg.append(label);
  // Policy writes acknowledged while this page was open, placed by time (one sample per scrape interval).
  for (const mark of acknowledged.get(name) || []) {
    const age = (Date.now() - mark.at) / 2000;
    if (age > points - 1) continue;
    const x = width - (age / (points - 1)) * width;
    const tick = document.createElementNS(SVG, 'line');
    tick.setAttribute('x1', x); tick.setAttribute('x2', x); tick.setAttribute('y1', 0); tick.setAttribute('y2', height);
    tick.setAttribute('stroke', '#57606a'); tick.setAttribute('stroke-dasharray', '4 3');
    const text = document.createElementNS(SVG, 'text');
    text.setAttribute('x', Math.max(0, x - 120)); text.setAttribute('y', height - 4); text.setAttribute('font-size', '10');
    text.textContent = `${mark.policy} acknowledged`;
    svg.append(tick, text);
  }
  return svg;
}

async function switchPolicy(policy, value) {
  try {
    await write('PUT', `api/kv?key=${encodeURIComponent(policy.key)}&cas=${policy.modifyIndex}`, value);
    const marks = acknowledged.get(policy.service) || [];
    marks.push({ at: Date.now(), policy: value });
    acknowledged.set(policy.service, marks);
    notice(`${policy.service}: ${value} written; services apply it when their config watch delivers it`);
  } catch (e) {
    notice(`policy switch for ${policy.service}: ${e.message}`);
  }
}
