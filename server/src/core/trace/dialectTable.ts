// What each capture dialect is, beyond how to frame it: whose log it is (a client's own stream, or
// a server's view of every leg), and what to change when it shows no stanza or only opening tags.
// The README's "How to capture a complete log" table says the same, backed by the real-software suite.
import type { Dialect, Vantage } from '../types';

export interface DialectInfo {
  /** Name shown to users. */
  label: string;
  vantage: Vantage;
  /** How to make this software log whole stanzas (shown when a log has none, or only opening tags). */
  wholeStanzas?: string;
}

export const DIALECTS: Record<Dialect, DialectInfo> = {
  'raw-xml': { label: 'raw XML stream', vantage: 'unknown' },
  xmpppy: { label: 'xmpppy debug log', vantage: 'client' },
  libstrophe: { label: 'libstrophe log (Profanity, ...)', vantage: 'client', wholeStanzas: 'libstrophe logs stanzas at its debug level (Profanity: `profanity -l DEBUG`).' },
  slixmpp: { label: 'slixmpp log', vantage: 'client', wholeStanzas: 'slixmpp logs SEND:/RECV: stanzas at Python logging level DEBUG.' },
  smack: { label: 'Smack debugger', vantage: 'client' },
  gajim: { label: 'Gajim XML console', vantage: 'client' },
  psi: { label: 'Psi XML console', vantage: 'client' },
  dino: { label: 'Dino --print-xmpp', vantage: 'client' },
  xmppjs: { label: 'xmpp.js @xmpp/debug', vantage: 'client', wholeStanzas: 'xmpp.js prints stanzas with @xmpp/debug (XMPP_DEBUG=1, or debug(xmpp, true)).' },
  'node-xmpp': { label: 'node-xmpp DEBUG=xmpp:*', vantage: 'unknown', wholeStanzas: 'node-xmpp prints stanzas with DEBUG=xmpp:*.' },
  ejabberd: {
    label: 'ejabberd log',
    vantage: 'server',
    wholeStanzas: 'ejabberd logs stanzas only at `loglevel: debug` (ejabberd.yml), as `Received/Send XML on stream` lines.',
  },
  prosody: {
    label: 'Prosody log',
    vantage: 'server',
    wholeStanzas:
      'Prosody logs stanzas only at debug level (`log = { debug = "prosody.log" }`), and then only their opening tags; add "stanza_debug" to modules_enabled for whole stanzas (SEND:/RECV:).',
  },
  tigase: { label: 'Tigase log', vantage: 'server', wholeStanzas: 'Tigase dumps packets (DATA=<...>) at FINEST for the connection manager and session manager classes.' },
  openfire: { label: 'Openfire raw print filter', vantage: 'server', wholeStanzas: 'Openfire logs stanzas with the Raw Print Filter plugin (debugger).' },
  scansion: { label: 'scansion script', vantage: 'script' },
  'tigase-cot': { label: 'Tigase test-suite script', vantage: 'script' },
  'rfc-transcript': { label: 'RFC-style C:/S: transcript', vantage: 'script' },
  // Network captures: each TCP connection is one stream, seen on the wire between its two ends.
  pcap: { label: 'pcap capture', vantage: 'unknown' },
  pcapng: { label: 'pcapng capture', vantage: 'unknown' },
  har: { label: 'HAR (browser network export)', vantage: 'unknown' },
  unknown: { label: 'unknown', vantage: 'unknown' },
};
