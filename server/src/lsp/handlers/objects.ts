// The custom requests on objects and stanzas: which object is where, decoded view, certificate,
// unseal (side view or in place), seal, export, wrap, dialect detection, test identities. Every
// edit is computed for the version the client names and refused on another.
import {
  certificateOf,
  decodedView,
  detectDialect,
  exportObject,
  generateIdentities,
  recordNear,
  sealEdits,
  stanzaIndexesIn,
  unseal,
  unsealInPlaceEdit,
  wrapObject,
  type ObjectRecord,
  opensslRepro,
} from '../../core/service';
import { toSpan, toWorkspaceEdit } from '../convert';
import { writeIdentities } from '../identityFiles';
import { runSafe } from '../runSafe';
import { STALE, type Ctx, type Session } from '../session';
import { URI } from '../uri';
import * as P from '../../protocol/requests';
import { fixedNowMs } from '../../protocol/settings';
import { sealOxEdit } from './sealOxEdit';
import { generateOpenPgpIdentities } from '../../node/openPgpKeygen';

export const NO_OBJECT = { ok: false as const, reason: 'There is no <e2e/> object here (or the document is not open).' };
const RESTRICTED_UNSEAL = 'Unseal is unavailable in Restricted Mode: keys are not loaded in an untrusted workspace.';

/** The object a request names (by index, else by position, else the first) in the newest analysis. */
export async function objectFor(session: Session, params: P.ObjectParams): Promise<(Ctx & { rec: ObjectRecord }) | undefined> {
  const r = await session.latest(params.uri);
  if (!r) return undefined;
  const records = r.analysis.records;
  const rec = params.objectIndex !== undefined
    ? records[params.objectIndex]
    : params.position ? recordNear(r.analysis, r.doc.offsetAt(params.position)) : records[0];
  return rec && { ...r, rec };
}

export async function decodedViewOf(session: Session, params: P.ObjectParams): Promise<P.DecodedViewResult | null> {
  const r = await objectFor(session, params);
  if (!r) return null;
  const at = (o: number) => `${r.doc.positionAt(o).line + 1}:${r.doc.positionAt(o).character + 1}`;
  const keys = await session.keysFor(r.s, r.doc);
  return decodedView(r.analysis, r.rec.report.index, URI.baseName(r.doc.uri), { keys, where: (sp) => `${at(sp.start)}-${at(sp.end)}` }) ?? null;
}

/** Unseal for a side view, or (inPlace) with the edit that replaces the object; in place is refused on a stale version. */
export async function doUnseal(session: Session, params: P.UnsealParams): Promise<P.UnsealResult> {
  const r = await objectFor(session, params);
  if (!r) return NO_OBJECT;
  if (!session.keys.isTrusted) return { ok: false, reason: RESTRICTED_UNSEAL };
  const u = unseal(r.analysis, r.rec.report, await session.keysFor(r.s, r.doc));
  if (!u.ok) return { ok: false, reason: `${u.reason} (keys are looked for in: ${session.keys.describeSearch(r.s, URI.toPath(r.doc.uri))})` };
  if (!params.inPlace) return { ok: true, plaintext: u.plaintext, contentType: u.contentType };
  if (params.version !== undefined && params.version !== r.doc.version) return { ok: false, reason: STALE };
  const e = unsealInPlaceEdit(r.doc.getText(), r.rec, u.plaintext, u.contentType);
  if (!e) return { ok: false, reason: 'The object cannot be replaced in place (its <e2e/> element is not closed).' };
  return { ok: true, plaintext: u.plaintext, contentType: u.contentType, edit: toWorkspaceEdit(r.doc, [e]) };
}

export async function doSeal(session: Session, params: P.SealParams): Promise<P.SealResult> {
  const r = await session.exact(params.uri, params.version);
  if (!r) return { ok: false, reason: 'The document is not open.' };
  if (r === 'stale') return { ok: false, reason: STALE };
  if (!session.keys.isTrusted) return { ok: false, reason: 'Seal is unavailable in Restricted Mode: keys are not loaded in an untrusted workspace.' };
  const indexes = params.stanzaIndexes ?? stanzaIndexesIn(r.analysis, (params.ranges ?? []).map((rg) => toSpan(r.doc, rg)));
  const docPath = URI.toPath(r.doc.uri);
  const store = await session.keysFor(r.s, r.doc);
  if (params.ox) return sealOxEdit(r, indexes, store, params.mode, session.keys.describeSearch(r.s, docPath), fixedNowMs(r.s));
  const out = sealEdits(r.doc.getText(), r.analysis, indexes, params.mode, store, session.keys.describeSearch(r.s, docPath), fixedNowMs(r.s), r.s.profile);
  return out.ok ? { ok: true, edit: toWorkspaceEdit(r.doc, out.edits), sealed: out.edits.length } : out;
}

export function registerObjectRequests(session: Session): void {
  const { connection, keys } = session;
  const log = (m: string) => session.log(m);

  connection.onRequest(P.ObjectAtRequest, (params: P.ObjectParams) =>
    runSafe(log, 'objectAt', null as P.ObjectAtResult | null, async () => {
      const r = await objectFor(session, params);
      return r ? { objectIndex: r.rec.report.index, count: r.analysis.records.length } : null;
    }),
  );

  connection.onRequest(P.DecodedViewRequest, (params: P.ObjectParams) => runSafe(log, 'decodedView', null as P.DecodedViewResult | null, () => decodedViewOf(session, params)));

  connection.onRequest(P.OpensslCommandRequest, (params: P.OpensslCommandParams) =>
    runSafe(log, 'opensslCommand', NO_OBJECT as P.OpensslCommandResult, async (): Promise<P.OpensslCommandResult> => {
      const r = await objectFor(session, params);
      const repro = r && typeof params.dir === 'string' ? opensslRepro(r.analysis, r.rec.report.index, await session.keysFor(r.s, r.doc), params.dir) : undefined;
      return repro ? { ok: true, ...repro } : NO_OBJECT;
    }),
  );

  connection.onRequest(P.CertificateRequest, (params: P.CertificateParams) =>
    runSafe(log, 'certificate', NO_OBJECT as P.CertificateResult, async (): Promise<P.CertificateResult> => {
      const r = await objectFor(session, params);
      return r ? certificateOf(r.rec, params.signerIndex ?? 0, await session.keysFor(r.s, r.doc)) : NO_OBJECT;
    }),
  );

  connection.onRequest(P.UnsealRequest, (params: P.UnsealParams) => runSafe(log, 'unseal', NO_OBJECT as P.UnsealResult, () => doUnseal(session, params)));

  connection.onRequest(P.SealRequest, (params: P.SealParams) => runSafe(log, 'seal', { ok: false, reason: 'internal error' } as P.SealResult, () => doSeal(session, params)));

  connection.onRequest(P.ExportObjectRequest, (params: P.ObjectParams) =>
    runSafe(log, 'exportObject', NO_OBJECT as P.ExportObjectResult, async (): Promise<P.ExportObjectResult> => {
      const r = await objectFor(session, params);
      return r ? { ok: true, ...exportObject(r.rec) } : NO_OBJECT;
    }),
  );

  connection.onRequest(P.WrapObjectRequest, (params: P.WrapObjectParams) =>
    runSafe(log, 'wrapObject', { ok: false, reason: 'internal error' } as P.WrapObjectResult, (): P.WrapObjectResult =>
      wrapObject(String(params?.mime ?? ''), params?.from, params?.to, params?.kind)),
  );

  connection.onRequest(P.DetectDialectRequest, (params: { text: string }) =>
    runSafe(log, 'detectDialect', { dialect: 'unknown', isTrace: false } as P.DetectDialectResult, () => {
      const dialect = detectDialect(String(params?.text ?? '').slice(0, 64 * 1024));
      return { dialect, isTrace: dialect !== 'unknown' };
    }),
  );

  connection.onRequest(P.GenerateIdentitiesRequest, (params: P.GenerateIdentitiesParams) =>
    runSafe(log, 'generateIdentities', { ok: false, reason: 'internal error' } as P.GenerateIdentitiesResult, async (): Promise<P.GenerateIdentitiesResult> => {
      if (!keys.isTrusted) return { ok: false, reason: 'Generating identities is unavailable in Restricted Mode.' };
      try {
        const files = params.openpgp ? await generateOpenPgpIdentities({ jids: params.jids, days: params.days }) : generateIdentities({ jids: params.jids, ca: params.ca ?? true, days: params.days });
        const written = await writeIdentities(params.folderPath, files, session.folders, params.overwrite === true);
        keys.invalidate();
        session.revalidateAll();
        return { ok: true, written };
      } catch (e) {
        return { ok: false, reason: (e as Error).message };
      }
    }),
  );
}
