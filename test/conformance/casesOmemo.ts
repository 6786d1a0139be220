// Cases on OMEMO headers (XEP-0384, legacy axolotl and omemo:2): explained, never decrypted. The
// stanzas are written as Conversations and omemo:2 clients write them (test/omemo/omemoStanzas.ts).
import type { ConformanceCase } from './harness';
import { deviceListEvent, legacyMessage, streamOf, v2Message } from '../omemo/omemoStanzas';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';

export const OMEMO_CASES: ConformanceCase[] = [
  {
    name: 'OMEMO: omemo:2 header without a key for a device of the recipient\'s published list',
    rules: [],
    code: 'omemo.device.missingKey',
    build: () => ({
      text: streamOf(deviceListEvent(R, ['31415', '12321'], 'omemo:2'), v2Message({ from: `${J}/balcony`, to: `${R}/orchard`, sid: '27183', keys: { [R]: [{ rid: '31415' }] } })),
      at: { slice: 'keys', after: "<header sid='27183'><" },
    }),
  },
  {
    name: 'OMEMO: legacy header without sid',
    rules: [],
    code: 'omemo.header.malformed',
    build: () => ({ text: streamOf(legacyMessage({ from: `${J}/balcony`, to: `${R}/orchard`, keys: [{ rid: '1' }] })), at: { slice: 'header', after: '<encrypted' } }),
  },
  {
    name: 'OMEMO: legacy key transport element (no payload)',
    rules: [],
    code: 'omemo.keyTransport',
    build: () => ({
      text: streamOf(legacyMessage({ from: `${J}/balcony`, to: `${R}/orchard`, sid: '5', keys: [{ rid: '6', prekey: true }], payload: false })),
      at: { slice: 'encrypted', after: "type='chat' id=" },
    }),
  },
];
