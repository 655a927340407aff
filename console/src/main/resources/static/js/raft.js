// Raft view: each node's own state, the cluster's autopilot health, the leader, leader changes, transfer.
import { el, write, notice } from './api.js';

export function update(state) {
  document.getElementById('raft-leader').textContent = state.leader || 'none';
  const health = state.health;
  const healthText = document.getElementById('raft-health');
  healthText.textContent = health ? (health.healthy ? 'healthy' : 'unhealthy') : 'unknown';
  healthText.className = health ? (health.healthy ? 'healthy' : 'unhealthy') : 'unreachable';
  document.getElementById('raft-tolerance').textContent = health ? health.failureTolerance : '—';
  document.getElementById('raft-error').textContent = state.healthError || '';
  const servers = new Map((health?.servers || []).map(s => [s.id, s]));
  const rows = state.nodes.map(node => {
    const server = node.id ? servers.get(node.id) : null;
    if (node.id) servers.delete(node.id);
    return row(node, server, state.leader);
  });
  // Servers in the configuration that no configured HTTP address reached.
  for (const server of servers.values()) rows.push(row({ id: server.id, url: '', reachable: false, error: 'no HTTP address configured' }, server, state.leader));
  document.querySelector('#raft-nodes tbody').replaceChildren(...rows);
  document.getElementById('raft-timeline').replaceChildren(...state.timeline.slice().reverse().map(change =>
    el('li', {}, new Date(change.at).toLocaleTimeString(), ': ',
      change.from ? `${change.from} → ${change.to || 'none'}` : `first seen: ${change.to || 'no leader'}`,
      change.term ? ` (term ${change.term})` : '')));
}

function row(node, server, leader) {
  const reachable = node.reachable;
  return el('tr', { 'data-node': node.id || node.url },
    el('td', {}, node.id || '?'),
    el('td', {}, node.url),
    el('td', { class: reachable ? 'role' : 'role unreachable' }, reachable ? node.state : (node.error || 'unreachable')),
    el('td', {}, reachable ? node.term : '—'),
    el('td', {}, reachable ? node.lastLogIndex : '—'),
    el('td', {}, reachable ? node.commitIndex : '—'),
    el('td', {}, reachable ? node.appliedIndex : '—'),
    el('td', { class: server ? (server.healthy ? 'healthy' : 'unhealthy') : '' }, server ? (server.healthy ? 'healthy' : 'unhealthy') : '—'),
    el('td', {}, server ? server.lastContact : '—'),
    el('td', {}, server && server.voter && node.id !== leader
      ? el('button', { class: 'write', 'data-transfer': node.id, onclick: () => transfer(node.id) }, 'make leader') : null));
}

async function transfer(id) {
  notice(`transferring leadership to ${id}…`);
  try {
    await write('POST', `api/raft/transfer-leader?id=${encodeURIComponent(id)}`);
    notice('');
  } catch (e) {
    notice(`leadership transfer to ${id}: ${e.message}`);
  }
}
