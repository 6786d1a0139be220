// The explorer suite's trace (also the explorer bench's): a libstrophe client log, stanza i on
// line i + 1: even ones juliet's messages (id m<i>), odd ones romeo's pings and their results.
const J = 'juliet@example.com/balcony';
const R = 'romeo@example.net/orchard';

export function sessionLog(n) {
  const t0 = Date.UTC(2026, 10, 30, 9, 0, 0);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(t0 + i * 250).toISOString();
    const stamp = `${d.slice(0, 10)} ${d.slice(11, 19)}`;
    const xml = i % 2 === 0
      ? `RECV: <message from='${J}' to='${R}' type='chat' id='m${i}'><body>line ${i}</body></message>`
      : i % 4 === 1
        ? `SENT: <iq type='get' id='q${i}' to='example.net'><ping xmlns='urn:xmpp:ping'/></iq>`
        : `RECV: <iq type='result' id='q${i - 2}' from='example.net' to='${R}'/>`;
    lines.push(`${stamp} - xmpp: DBG: ${xml}`);
  }
  return lines.join('\n') + '\n';
}
