// "Seal as OX" in the editor: the chosen <message/>s sealed as XEP-0373/0374 objects with the
// workspace OpenPGP keys (and the public keys the trace announces), as one edit for the version the
// client named. OpenPGP work is asynchronous: an edit for a document that moved on is refused.
import { openPgpKeysOf } from '../../node/openOx';
import { sealOxMultiple } from '../../node/sealOx';
import { toWorkspaceEdit } from '../convert';
import { STALE, type Ctx } from '../session';
import type { KeyStore, OffsetEdit } from '../../core/service';
import type * as P from '../../protocol/requests';

export async function sealOxEdit(r: Ctx, stanzaIndexes: number[], store: KeyStore | undefined, mode: P.SealMode, keyLocations: string, nowMs: number | undefined): Promise<P.SealResult> {
  const workspace = openPgpKeysOf(store);
  if (!store || !workspace) return { ok: false, reason: 'Keys are not loaded in an untrusted workspace (Restricted Mode): trust the workspace to seal.' };
  const stanzas = r.analysis.trace?.stanzas ?? [];
  const chosen = stanzaIndexes.map((i) => stanzas[i]).filter((s) => s !== undefined);
  if (chosen.length === 0) return { ok: false, reason: 'No stanza at the cursor or in the selection.' };
  const version = r.doc.version;
  const text = r.doc.getText();
  const options = { sign: mode !== 'encrypt', encrypt: mode !== 'sign', keys: workspace, trace: stanzas };
  const xmls = chosen.map((s) => text.slice(s.element.span.start, s.element.span.end));
  // In a dated capture each stanza is stamped at its own capture time (as RFC 3923 sealing does),
  // so the trace stays consistent with itself; otherwise one call, with increasing stamps.
  const captured = nowMs === undefined ? chosen.map((s) => (s.time?.dateKnown ? s.time.epochMs : undefined)) : [];
  const results = captured.length > 0 && captured.every((t) => t !== undefined)
    ? (await Promise.all(xmls.map((x, k) => sealOxMultiple([x], { ...options, nowMs: captured[k] })))).map((rs) => rs[0])
    : await sealOxMultiple(xmls, { ...options, nowMs });
  const edits: OffsetEdit[] = [];
  for (let k = 0; k < chosen.length; k++) {
    const res = results[k];
    if (!res.ok) return { ok: false, reason: `${res.reason} (OpenPGP keys are looked for in: ${keyLocations})` };
    edits.push({ span: { start: chosen[k].element.span.start, end: chosen[k].element.span.end }, newText: res.xml });
  }
  if (r.doc.version !== version) return { ok: false, reason: STALE };
  return { ok: true, edit: toWorkspaceEdit(r.doc, edits), sealed: edits.length };
}
