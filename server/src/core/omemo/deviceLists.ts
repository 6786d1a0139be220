// The OMEMO device lists published in a trace (PEP `eu.siacs.conversations.axolotl.devicelist` and
// `urn:xmpp:omemo:2:devices`, in publish requests, results and event notifications), by owner bare
// JID and stanza index, so each message can be compared with what its parties had announced.
import { bareJid } from '../jid/jid';
import type { Span, Stanza, XmlElement } from '../types';
import { OMEMO_2_NS, OMEMO_LEGACY_NS } from './omemoHeader';
import { attr, children, descendants } from './xmlBits';

export interface DeviceList {
  owner: string;
  stanzaIndex: number;
  devices: string[];
  span: Span;
}

export class DeviceLists {
  private readonly byOwner = new Map<string, DeviceList[]>();

  /** Reads the lists in one stanza; `bound` is the stream's JID for a publish without from. */
  observe(stanza: Stanza, stanzaIndex: number, bound: string | undefined): void {
    const ownerJid = stanza.from?.value ?? (stanza.kind === 'iq' && stanza.type?.value === 'set' ? bound : undefined);
    if (!ownerJid) return;
    for (const el of descendants(stanza.element)) {
      const devices = deviceIds(el);
      if (!devices) continue;
      const owner = bareJid(ownerJid);
      const list = this.byOwner.get(owner) ?? [];
      list.push({ owner, stanzaIndex, devices, span: el.span });
      this.byOwner.set(owner, list);
    }
  }

  /** The list the owner published last before the stanza, else the first one after it. */
  at(owner: string, stanzaIndex: number): DeviceList | undefined {
    const lists = this.byOwner.get(owner);
    if (!lists) return undefined;
    let best: DeviceList | undefined;
    for (const l of lists) if (l.stanzaIndex < stanzaIndex) best = l;
    return best ?? lists.find((l) => l.stanzaIndex > stanzaIndex);
  }
}

function deviceIds(el: XmlElement): string[] | undefined {
  const legacy = el.local === 'list' && el.ns === OMEMO_LEGACY_NS;
  const v2 = el.local === 'devices' && el.ns === OMEMO_2_NS;
  if (!legacy && !v2) return undefined;
  return children(el, 'device').map((d) => attr(d, 'id')?.value.trim() ?? '').filter(Boolean);
}
