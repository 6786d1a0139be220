// Network-capture part of `npm run bench`: the bench's stanzas written as a pcap of one XMPP c2s
// connection (1448-byte segments, both directions), then read, reassembled and parsed
// (captureDocumentOf + traceOfFraming), against parseTrace of the same stanzas as a raw stream in
// the same run.
import { captureDocumentOf } from '../server/src/core/capture/analyzeCapture';
import { traceOfFraming } from '../server/src/core/trace/parseTrace';
import { conversation, pcap, records } from '../test/capture/buildPcap';

const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'";

export function benchCapture(bare: string[], time: (fn: () => unknown) => number, median: (xs: number[]) => number, baselineMs: number, runs: number): string {
  const writes = [
    { from: 'c' as const, text: `${HEADER} to='example.com'>` },
    { from: 's' as const, text: `${HEADER} from='example.com' id='s1'>` },
    ...bare.map((text, i) => ({ from: i % 3 === 0 ? ('s' as const) : ('c' as const), text })),
  ];
  const file = pcap(records(conversation(writes, 1448)), 1);
  const once = () => {
    const doc = captureDocumentOf(file);
    return traceOfFraming(doc.text, doc.framing);
  };
  const check = once();
  if (check.stanzas.length !== bare.length) throw new Error(`capture sanity check failed: ${check.stanzas.length}/${bare.length} stanzas`);
  const ts: number[] = [];
  for (let r = 0; r < Math.min(runs, 3); r++) ts.push(time(once));
  const m = median(ts);
  return `same stanzas as a pcap (${(file.length / 1e6).toFixed(1)} MB, one c2s connection, 1448-byte segments): read + TCP reassembly + parse median ${m.toFixed(0)} ms, ${(m / baselineMs).toFixed(2)}x parseTrace of the raw stream`;
}
