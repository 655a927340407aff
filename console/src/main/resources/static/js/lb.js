// Load-balancing view: per target service its policy (switched with a check-and-set KV write) and, per calling
// instance (gateway, order-service), each target instance's in-flight, rps, share and p99, with a live rps chart.
import { el, write, notice } from './api.js';

const POLICIES = ['round-robin', 'least-connections'];
const COLORS = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
const SVG = 'http://www.w3.org/2000/svg';
let switches = []; // the console's last policy switches (lb-switches): acknowledged index and each instance applying it
let lastState = null;

export function updateSwitches(list) {
  switches = list;
  if (lastState) update(lastState);
}

export function update(state) {
  lastState = state;
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
          el('td', { class: 'p99' }, t.p99Ms === null ? 'n/a (no requests or no histogram)' : `${t.p99Ms} ms`),
          el('td', {}, `${t.maxMs} ms`))))),
      chart(name, targets))),
    switchList(name));
}

// Each switch: acknowledged at which ModifyIndex, then each instance that reported config.appliedIndex >= it, and when.
function switchList(name) {
  const mine = switches.filter(s => s.service === name).slice(-3).reverse();
  if (!mine.length) return null;
  return el('div', { class: 'switches' }, el('h4', {}, 'policy switches from this console'),
    ...mine.map(s => el('div', { class: 'switch', 'data-switch': s.index },
      el('p', {}, `${s.policy}: write acknowledged at ${time(s.acknowledgedMillis)}, ModifyIndex ${s.index}`,
        s.done ? '' : ` · waiting for ${s.instances.filter(a => a.delayMs === null).length + s.silent.length} instance(s)…`),
      el('ul', {}, ...s.instances.map(a => el('li', { 'data-applied': a.instanceId, class: a.delayMs === null ? 'pending' : 'applied' },
          `${a.service} ${a.instanceId} (${a.address}): `,
          a.delayMs === null ? `pending, applied index ${a.appliedIndex}`
            : `applied index ${a.appliedIndex} ≥ ${s.index} at ${time(a.appliedMillis)}, +${a.delayMs} ms`)),
        s.silent.length ? el('li', { class: 'meta' }, `no /actuator/info answer from ${s.silent.join(', ')}`) : null,
        s.withoutIndex.length ? el('li', { class: 'meta' }, `no config.appliedIndex (no shared-configuration watch): ${s.withoutIndex.join(', ')}`) : null))));
}

function time(millis) {
  const d = new Date(millis);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
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
  // Policy switches: a dashed line when the write was acknowledged, a tick per instance when it reported applying it.
  const x = millis => width - ((Date.now() - millis) / 2000 / (points - 1)) * width;
  for (const s of switches.filter(s => s.service === name)) {
    if (x(s.acknowledgedMillis) < 0) continue;
    svg.append(line(x(s.acknowledgedMillis), 0, height, '#57606a', '4 3', `${s.policy} acknowledged, index ${s.index}`, { 'data-acknowledged': s.index }));
    const text = document.createElementNS(SVG, 'text');
    text.setAttribute('x', Math.max(0, x(s.acknowledgedMillis) - 190)); text.setAttribute('y', height - 4); text.setAttribute('font-size', '10');
    const applied = s.instances.filter(a => a.delayMs !== null);
    text.textContent = `${s.policy} @${s.index}: ${applied.length}/${s.instances.length} applied` +
      (applied.length ? `, ≤ ${Math.max(...applied.map(a => a.delayMs))} ms` : '');
    svg.append(text);
    applied.forEach((a, i) => svg.append(line(x(a.appliedMillis), 14 + i * 4, 24 + i * 4, '#1a7f37', null,
      `${a.instanceId} applied after ${a.delayMs} ms`, { 'data-applied': a.instanceId })));
  }
  return svg;
}

function line(x, y1, y2, color, dash, title, attributes) {
  const tick = document.createElementNS(SVG, 'line');
  tick.setAttribute('x1', x); tick.setAttribute('x2', x); tick.setAttribute('y1', y1); tick.setAttribute('y2', y2);
  tick.setAttribute('stroke', color); tick.setAttribute('stroke-width', '2');
  if (dash) tick.setAttribute('stroke-dasharray', dash);
  for (const [name, value] of Object.entries(attributes)) tick.setAttribute(name, value);
  const tooltip = document.createElementNS(SVG, 'title');
  tooltip.textContent = title;
  tick.append(tooltip);
  return tick;
}

async function switchPolicy(policy, value) {
  try {
    await write('PUT', `api/kv?key=${encodeURIComponent(policy.key)}&cas=${policy.modifyIndex}`, value);
    notice(`${policy.service}: ${value} written; below the chart, each instance as it applies it`);
  } catch (e) {
    notice(`policy switch for ${policy.service}: ${e.message}`);
  }
}
