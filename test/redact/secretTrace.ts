// Test helper: a session whose every secret is made at test time, the way real clients and
// servers make them: a SCRAM-SHA-1 exchange computed per RFC 5802, SASL PLAIN and X-OAUTH2
// credentials, a SASL2 (XEP-0388) authentication that asks for a FAST (XEP-0484) token, in-band
// registration and legacy auth passwords and digests, a database URL in a server log line, a bearer
// token, and a freshly generated PEM private key. `secrets` lists each value (and its base64
// form where it travels encoded) that must not survive redaction.
import { createHash, createHmac, generateKeyPairSync, pbkdf2Sync, randomBytes } from 'node:crypto';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const SASL = "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'";

export interface SecretSession {
  /** Stanzas and stream-level elements, one XML string each. */
  xml: string[];
  /** Free log text lines (a server's own messages). */
  logLines: string[];
  /** Every value that must be gone from a redacted copy. */
  secrets: string[];
}

function scram(user: string, password: string): { xml: string[]; secrets: string[] } {
  const cnonce = randomBytes(18).toString('base64');
  const snonce = cnonce + randomBytes(18).toString('base64');
  const salt = randomBytes(16);
  const clientFirstBare = `n=${user},r=${cnonce}`;
  const serverFirst = `r=${snonce},s=${salt.toString('base64')},i=4096`;
  const clientFinalNoProof = `c=biws,r=${snonce}`;
  const authMessage = `${clientFirstBare},${serverFirst},${clientFinalNoProof}`;
  const salted = pbkdf2Sync(password, salt, 4096, 20, 'sha1');
  const clientKey = createHmac('sha1', salted).update('Client Key').digest();
  const storedKey = createHash('sha1').update(clientKey).digest();
  const clientSig = createHmac('sha1', storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ clientSig[i]));
  const serverKey = createHmac('sha1', salted).update('Server Key').digest();
  const serverSig = createHmac('sha1', serverKey).update(authMessage).digest().toString('base64');
  const clientFinal = `${clientFinalNoProof},p=${proof.toString('base64')}`;
  const msgs = [`n,,${clientFirstBare}`, serverFirst, clientFinal, `v=${serverSig}`];
  return {
    xml: [
      `<auth ${SASL} mechanism='SCRAM-SHA-1'>${b64(msgs[0])}</auth>`,
      `<challenge ${SASL}>${b64(msgs[1])}</challenge>`,
      `<response ${SASL}>${b64(msgs[2])}</response>`,
      `<success ${SASL}>${b64(msgs[3])}</success>`,
    ],
    secrets: [...msgs.map(b64), proof.toString('base64'), serverSig, salt.toString('base64'), snonce],
  };
}

export function secretSession(jid: { local: string; domain: string }): SecretSession {
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const s = scram(jid.local, password);
  const plain = b64(`\0${jid.local}\0${password}`);
  const oauth = `ya29.${randomBytes(24).toString('base64url')}`;
  const xoauth = b64(`\0${jid.local}@${jid.domain}\0${oauth}`);
  const fastToken = randomBytes(24).toString('base64');
  const htInitial = b64(`${jid.local}\0${createHmac('sha256', fastToken).update('Initiator').digest('hex')}`);
  const regPassword = `reg-${randomBytes(5).toString('hex')}`;
  const streamId = randomBytes(4).toString('hex');
  const digest = createHash('sha1').update(streamId + password).digest('hex');
  const dbPassword = `db-${randomBytes(5).toString('hex')}`;
  const bearer = `eyJ${randomBytes(30).toString('base64url')}`;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
  const pemBody = pem.split('\n').filter((l) => !l.startsWith('-----'));
  const from = `${jid.local}@${jid.domain}/laptop`;
  return {
    xml: [
      ...s.xml,
      `<auth ${SASL} mechanism='PLAIN'>${plain}</auth>`,
      `<auth ${SASL} mechanism='X-OAUTH2'>${xoauth}</auth>`,
      `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>${htInitial}</initial-response><user-agent id='d4565fa7-4d72-4749-b3d3-740edbf87770'><software>Test</software></user-agent><request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/></authenticate>`,
      `<success xmlns='urn:xmpp:sasl:2'><additional-data>${b64(`v=${randomBytes(20).toString('base64')}`)}</additional-data><authorization-identifier>${from}</authorization-identifier><token xmlns='urn:xmpp:fast:0' expiry='2026-12-24T12:00:00Z' token='${fastToken}'/></success>`,
      `<iq type='set' id='reg1' to='${jid.domain}'><query xmlns='jabber:iq:register'><username>${jid.local}</username><password>${regPassword}</password></query></iq>`,
      `<iq type='set' id='auth1'><query xmlns='jabber:iq:auth'><username>${jid.local}</username><digest>${digest}</digest><resource>laptop</resource></query></iq>`,
      `<iq type='set' id='auth2'><query xmlns='jabber:iq:auth'><username>${jid.local}</username><password>${password}</password><resource>laptop</resource></query></iq>`,
    ],
    logLines: [
      `sql: connecting to jdbc:postgresql://db.internal:5432/xmpp?user=xmpp&password=${dbPassword}&ssl=true`,
      `http: GET https://upload:${dbPassword}x@files.${jid.domain}/slot Authorization: Bearer ${bearer}`,
      `tls: loaded key ${pem.replace(/\n/g, ' ')}`,
    ],
    secrets: [
      ...s.secrets,
      plain,
      password,
      b64(password),
      xoauth,
      oauth,
      fastToken,
      htInitial,
      regPassword,
      digest,
      dbPassword,
      bearer,
      ...pemBody.filter((l) => l.length > 16),
    ],
  };
}

/** A PEM private key pasted into a chat message, with its base64 lines. */
export function pastedKey(): { pem: string; lines: string[] } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim();
  return { pem, lines: pem.split('\n').filter((l) => !l.startsWith('-----')) };
}
