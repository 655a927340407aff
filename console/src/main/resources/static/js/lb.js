// Load-balancing view: not built yet; the console publishes no 'lb' events.
export function update(state) {
  document.getElementById('lb-error').textContent = state.error || '';
}
