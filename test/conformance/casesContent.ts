// Cases on the content formats as files (RFC 3862 .cpim, RFC 3863 .pidf) and as inner objects.
import type { Built, ConformanceCase } from './harness';
import { cpimAt, messageTrace, signed } from './builders';

/** A clean standalone CPIM message (RFC 3862 §5-style, CRLF line ends). */
const CPIM = [
  'Content-type: Message/CPIM',
  '',
  'From: Juliet Capulet <im:juliet@example.com>',
  'To: Romeo Montague <im:romeo@example.net>',
  'DateTime: 2026-11-01T10:00:00.250Z',
  'Subject: Imploring',
  'NS: MyFeatures <mid:MessageFeatures@id.example.com>',
  'Require: MyFeatures.VitalMessageOption',
  'MyFeatures.VitalMessageOption: Confirmation-requested',
  '',
  'Content-type: text/plain; charset=utf-8',
  '',
  'Wherefore art thou, Romeo?',
  '',
].join('\r\n');

function cpimFile(from: string, to: string, slice: string, after?: string): Built {
  if (!CPIM.includes(from)) throw new Error(`not in the CPIM sample: ${from}`);
  return { text: CPIM.replace(from, to), kind: 'cpim', at: { slice, after } };
}

const PIDF = `<?xml version='1.0' encoding='UTF-8'?>
<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:im='urn:ietf:params:xml:ns:pidf:im' entity='pres:juliet@example.com'>
  <tuple id='hr0zny'>
    <status><basic>open</basic><im:im>away</im:im></status>
    <contact priority='0.8'>im:juliet@example.com</contact>
    <note xml:lang='en'>retired to the chamber</note>
    <timestamp>2026-11-01T10:00:00.31Z</timestamp>
  </tuple>
</presence>
`;

function pidfFile(from: string, to: string, slice: string, after?: string): Built {
  if (!PIDF.includes(from)) throw new Error(`not in the PIDF sample: ${from}`);
  return { text: PIDF.replace(from, to), kind: 'pidf', at: { slice, after } };
}

export const CONTENT_CASES: ConformanceCase[] = [
  { name: 'CPIM-1: no Content-type: Message/CPIM before the message headers', rules: ['CPIM-1', 'CPIM-25'], code: 'cpim.structure.mimeType', build: () => cpimFile('Content-type: Message/CPIM\r\n\r\n', '', 'From: Juliet Capulet <im:juliet@example.com>') },
  { name: 'CPIM-1: no blank line between the MIME headers and the message headers', rules: ['CPIM-1'], code: 'cpim.structure.separator', build: () => cpimFile('Message/CPIM\r\n\r\n', 'Message/CPIM\r\n', 'From: Juliet Capulet <im:juliet@example.com>') },
  { name: 'CPIM-2: the encapsulated entity has no Content-Type', rules: ['CPIM-2'], code: 'cpim.content.noContentType', build: () => cpimFile('Content-type: text/plain; charset=utf-8', 'Content-ID: <1234567890@example.com>', 'Content-ID: <1234567890@example.com>') },
  { name: 'CPIM-3: a folded Subject header', rules: ['CPIM-3', 'CPIM-4'], code: 'cpim.header.folded', build: () => cpimFile('Subject: Imploring', 'Subject: Imploring\r\n  thee', '  thee') },
  { name: 'CPIM-6: trailing whitespace on a header line', rules: ['CPIM-6'], code: 'cpim.header.whitespace', build: () => cpimFile('Subject: Imploring', 'Subject: Imploring  ', '  ', 'Imploring') },
  { name: 'CPIM-10: two spaces after the colon', rules: ['CPIM-10'], code: 'cpim.header.space', build: () => cpimFile('Subject: Imploring', 'Subject:  Imploring', '  ', 'Subject:') },
  { name: 'CPIM-11: lower-case from:', rules: ['CPIM-11'], code: 'cpim.header.case', build: () => cpimFile('From: Juliet', 'from: Juliet', 'from') },
  { name: 'CPIM-8: a .cpim file saved with bare LF line ends', rules: ['CPIM-8', 'SMIME-6'], code: 'cpim.header.crlf', build: () => ({ text: CPIM.replace(/\r\n/g, '\n'), kind: 'cpim', at: { slice: 'Content-type: Message/CPIM' } }) },
  { name: 'CPIM-19: From without angle brackets', rules: ['CPIM-19', 'CPIM-15'], code: 'cpim.from.syntax', build: () => cpimFile('From: Juliet Capulet <im:juliet@example.com>', 'From: im:juliet@example.com', 'im:juliet@example.com') },
  { name: 'CPIM-19: From with a sip: URI', rules: ['CPIM-19', 'CPIM-20', 'CPIM-21', 'CPIM-26'], code: 'cpim.from.scheme', build: () => cpimFile('<im:juliet@example.com>', '<sip:juliet@example.com>', 'sip:juliet@example.com') },
  { name: 'CPIM-22: DateTime not RFC 3339', rules: ['CPIM-22'], code: 'cpim.datetime.syntax', build: () => cpimFile('2026-11-01T10:00:00.250Z', '01 Nov 2026 10:00:00 GMT', '01 Nov 2026 10:00:00 GMT') },
  { name: 'CPIM-17: a prefix used without an NS declaration', rules: ['CPIM-17', 'CPIM-18'], code: 'cpim.ns.undeclared', build: () => cpimFile('NS: MyFeatures <mid:MessageFeatures@id.example.com>\r\n', '', 'MyFeatures', 'Require: ') },
  { name: 'CPIM-17: an NS declaration with a relative URI', rules: ['CPIM-17'], code: 'cpim.ns.uri', build: () => cpimFile('<mid:MessageFeatures@id.example.com>', '<MessageFeatures>', 'MessageFeatures', 'NS: MyFeatures <') },
  { name: 'CPIM-15: a header name with a character outside NAMECHAR', rules: ['CPIM-15'], code: 'cpim.header.name', build: () => cpimFile('Subject: Imploring', 'MyFeatures.Vital(Option): yes', '(') },
  { name: 'CPIM-16: a Subject language that is not an RFC 3066 tag', rules: ['CPIM-16', 'CPIM-23'], code: 'cpim.lang.syntax', build: () => cpimFile('Subject: Imploring', 'Subject:;lang=english_uk Imploring', 'english_uk') },
  { name: 'CPIM-12: a header the core namespace does not define', rules: ['CPIM-12'], code: 'cpim.header.unknown', build: () => cpimFile('Subject: Imploring', 'Priority: urgent', 'Priority') },
  { name: 'CPIM-9: a raw tab inside a header value', rules: ['CPIM-9'], code: 'cpim.header.ctl', build: () => cpimFile('Subject: Imploring', 'Subject: Imploring\tthee', '\t') },
  { name: 'CPIM-14: \\u with fewer than 4 hex digits', rules: ['CPIM-14'], code: 'cpim.escape.malformed', build: () => cpimFile('Subject: Imploring', 'Subject: Imploring \\u7 thee', '\\u7') },
  { name: 'CPIM-14: an escaped letter (\\u0041)', rules: ['CPIM-14'], code: 'cpim.escape.unneeded', build: () => cpimFile('Subject: Imploring', 'Subject: \\u0049mploring', '\\u0049') },
  {
    name: 'CPIM-7: a .cpim file written in ISO-8859-1',
    rules: ['CPIM-7'],
    code: 'cpim.utf8.invalid',
    build: () => {
      // The editor and CLI read files as UTF-8: the Latin-1 byte of "é" becomes U+FFFD.
      const text = Buffer.from(CPIM.replace('Subject: Imploring', 'Subject: Café'), 'latin1').toString('utf8');
      return { text, kind: 'cpim', at: { slice: '\ufffd' } };
    },
  },
  {
    name: 'CPIM-24: an inner Message/CPIM without To',
    rules: ['CPIM-24', 'AMB-7'],
    code: 'cpim.header.missing',
    build: (c) => {
      const inner = cpimAt(c).replace(/To: [^\r]*\r\n/, '');
      return { text: messageTrace(signed(c, inner)), at: { slice: 'From: <im:juliet@example.com>' } };
    },
  },
  { name: 'PIDF-1: the RFC 3923 <xml ...?> typo instead of an XML declaration', rules: ['PIDF-1', 'AMB-17'], code: 'pidf.xmlDecl.missing', build: () => pidfFile("<?xml version='1.0' encoding='UTF-8'?>", "<xml version='1.0' encoding='UTF-8'?>", "<xml version='1.0' encoding='UTF-8'?>") },
  { name: 'PIDF-2: a PIDF document in ISO-8859-1', rules: ['PIDF-2', 'PIDF-17'], code: 'pidf.encoding.notUtf8', build: () => pidfFile("encoding='UTF-8'", "encoding='ISO-8859-1'", 'ISO-8859-1') },
  { name: 'PIDF-3: the namespace with the RFC 3863 trailing colon', rules: ['PIDF-3', 'AMB-18'], code: 'pidf.root.namespace', build: () => pidfFile("xmlns='urn:ietf:params:xml:ns:pidf'", "xmlns='urn:ietf:params:xml:ns:pidf:'", 'presence') },
  { name: 'PIDF-4: <presence> without entity', rules: ['PIDF-4'], code: 'pidf.entity.missing', build: () => pidfFile(" entity='pres:juliet@example.com'", '', 'presence') },
  { name: 'PIDF-6: two tuples with one id', rules: ['PIDF-6'], code: 'pidf.tuple.id', build: () => pidfFile('  </tuple>\n', "  </tuple>\n  <tuple id='hr0zny'><status><basic>closed</basic></status><timestamp>2026-11-01T09:00:00Z</timestamp></tuple>\n", 'hr0zny', "</tuple>\n  <tuple id='") },
  { name: 'PIDF-9: <basic>away</basic>', rules: ['PIDF-9'], code: 'pidf.basic.value', build: () => pidfFile('<basic>open</basic>', '<basic>away</basic>', 'away', '<basic>') },
  { name: 'PIDF-13: the RFC 3923 Example 7 timestamp without Z', rules: ['PIDF-13', 'AMB-17'], code: 'pidf.timestamp.syntax', build: () => pidfFile('2026-11-01T10:00:00.31Z', '2003-12-09T23:53:11.31', '2003-12-09T23:53:11.31') },
  { name: 'PIDF-13: a tuple without <timestamp>', rules: ['PIDF-13'], code: 'pidf.timestamp.missing', build: () => pidfFile('    <timestamp>2026-11-01T10:00:00.31Z</timestamp>\n', '', 'tuple') },
  { name: 'PIDF-7: <note> before <status> in a tuple', rules: ['PIDF-7', 'PIDF-5'], code: 'pidf.order', build: () => pidfFile("<tuple id='hr0zny'>\n    <status>", "<tuple id='hr0zny'>\n    <note>first</note><status>", 'status', '<note>first</note><') },
  { name: 'PIDF-7: a tuple without <status>', rules: ['PIDF-7'], code: 'pidf.tuple.status', build: () => pidfFile('    <status><basic>open</basic><im:im>away</im:im></status>\n', '', 'tuple') },
  { name: 'PIDF-8: an empty <status/>', rules: ['PIDF-8'], code: 'pidf.status.empty', build: () => pidfFile('<status><basic>open</basic><im:im>away</im:im></status>', '<status/>', 'status') },
  { name: 'PIDF-11: contact priority above 1', rules: ['PIDF-11'], code: 'pidf.contact.priority', build: () => pidfFile("priority='0.8'", "priority='1.5'", '1.5') },
  { name: 'PIDF-14: mustUnderstand on an element outside <status>', rules: ['PIDF-14', 'PIDF-18'], code: 'pidf.mustUnderstand', build: () => pidfFile("<note xml:lang='en'>", "<im:mood mustUnderstand='true'>sad</im:mood><note xml:lang='en'>", 'mustUnderstand') },
  { name: 'PIDF-14: a mustUnderstand extension in <status> that is not understood', rules: ['PIDF-14', 'PIDF-18'], code: 'pidf.mustUnderstand.unknown', build: () => pidfFile('<im:im>away</im:im>', "<im:im mustUnderstand='true'>away</im:im>", 'im:im', '<basic>open</basic><') },
  { name: 'PIDF-15: a relative namespace URI', rules: ['PIDF-15'], code: 'pidf.ns.notAbsolute', build: () => pidfFile("xmlns:im='urn:ietf:params:xml:ns:pidf:im'", "xmlns:im='pidf-im'", 'pidf-im') },
];
