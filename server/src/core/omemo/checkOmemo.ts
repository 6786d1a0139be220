// Judges the OMEMO `<encrypted/>` elements of one stanza: a malformed header, a key transport
// element, and recipient devices the sender's and recipient's published device lists name but the
// header has no key for. The objects are explained, never decrypted.
import { bareJid } from '../jid/jid';
import type { Finding, ObjectReport, OmemoReport, Stanza, XmlElement } from '../types';
import type { DeviceLists } from './deviceLists';
import { omemoVersion, parseOmemoHeader, type OmemoHeader } from './omemoHeader';
import { attr, children, walkElements } from './xmlBits';

export interface OmemoObject {
  report: ObjectReport;
  header: OmemoHeader;
  findings: Finding[];
}

/** Every OMEMO element of the stanza (also inside forwarded carbons / MAM results), with its verdict. */
export function checkOmemo(stanza: Stanza, stanzaIndex: number, firstIndex: number, lists: DeviceLists, bound: string | undefined): OmemoObject[] {
  const out: OmemoObject[] = [];
  walkElements(stanza.element, stanza.element, (el, outer) => {
    const version = omemoVersion(el);
    if (version) {
      out.push(judge(parseOmemoHeader(el, version), addresses(outer, stanza, bound), stanzaIndex, firstIndex + out.length, lists));
      return undefined;
    }
    return el.local === 'message' ? el : outer;
  });
  return out;
}

interface Addresses {
  from?: string;
  to?: string;
  groupchat: boolean;
}

/** The addresses of the innermost message around the element (a forwarded one names its own). */
function addresses(message: XmlElement | undefined, stanza: Stanza, bound: string | undefined): Addresses {
  const m = message ?? stanza.element;
  const from = attr(m, 'from')?.value ?? (m === stanza.element ? bound : undefined);
  return { from: from && bareJid(from), to: attr(m, 'to')?.value && bareJid(attr(m, 'to')!.value), groupchat: attr(m, 'type')?.value === 'groupchat' };
}

function judge(h: OmemoHeader, who: Addresses, stanzaIndex: number, index: number, lists: DeviceLists): OmemoObject {
  const findings: Finding[] = [];
  const at = h.header?.nameSpan ?? h.element.nameSpan;
  const ns = h.version === 'legacy' ? 'eu.siacs.conversations.axolotl' : 'urn:xmpp:omemo:2';
  if (h.problems.length) {
    findings.push({ code: 'omemo.header.malformed', message: `Malformed OMEMO header (${ns}): ${h.problems.join('; ')}. No client can decrypt it.`, span: at });
  }
  if (h.payloadLength === undefined && h.keys.length > 0) {
    findings.push({ code: 'omemo.keyTransport', message: 'OMEMO key transport element (no <payload/>): it builds or refreshes sessions and carries no message text.', span: h.element.nameSpan });
  }
  const missing = h.problems.length ? [] : missingDevices(h, who, stanzaIndex, lists);
  for (const m of missing) {
    findings.push({
      code: 'omemo.device.missingKey',
      message: `No <key/> for device${m.devices.length > 1 ? 's' : ''} ${m.devices.join(', ')} of ${m.jid}, which the device list published in this trace names: that device cannot read the message.`,
      span: m.span ?? at,
      related: [{ span: m.listSpan, message: `device list of ${m.jid}` }],
    });
  }
  const omemo: OmemoReport = {
    version: h.version,
    sid: h.sid,
    keys: h.keys.map((k) => ({ rid: k.rid, jid: k.jid, keyExchange: k.keyExchange })),
    iv: h.iv,
    payload: h.payloadLength !== undefined,
    missingDevices: missing.map((m) => ({ jid: m.jid, devices: m.devices })),
  };
  const report: ObjectReport = {
    kind: 'omemo',
    index,
    stanzaIndex,
    span: h.element.span,
    contentSpan: h.element.span,
    layers: [`OMEMO (${ns})`, h.payloadLength !== undefined ? 'payload' : 'key transport'],
    signers: [],
    recipients: [],
    status: h.problems.length ? 'unreadable' : 'encrypted',
    codes: [...new Set(findings.map((f) => f.code))],
    omemo,
  };
  return { report, header: h, findings };
}

interface Missing {
  jid: string;
  devices: string[];
  span?: XmlElement['span'];
  listSpan: XmlElement['span'];
}

/** Devices of the recipient and of the sender's other devices that the header has no key for. */
function missingDevices(h: OmemoHeader, who: Addresses, stanzaIndex: number, lists: DeviceLists): Missing[] {
  const parties = new Set<string>();
  if (who.to && !who.groupchat) parties.add(who.to);
  if (who.from) parties.add(who.from);
  for (const g of h.keyGroups) parties.add(bareJid(g.jid));
  const out: Missing[] = [];
  for (const jid of parties) {
    const list = lists.at(jid, stanzaIndex);
    if (!list) continue;
    // The legacy header does not say whose device a key is for: any key with that id counts.
    const have = new Set(h.keys.filter((k) => h.version === 'legacy' || (k.jid && bareJid(k.jid) === jid)).map((k) => k.rid));
    const devices = list.devices.filter((d) => !have.has(d) && !(jid === who.from && d === h.sid));
    if (devices.length === 0) continue;
    const group = h.keyGroups.find((g) => bareJid(g.jid) === jid);
    out.push({ jid, devices, span: group?.span, listSpan: list.span });
  }
  return out;
}
