// Knowledge about RFC 3862 header names: the core set, their exact spelling, and which names
// belong to the enclosing or encapsulated MIME entity rather than to the message headers.

export const CPIM_CORE_NS = 'urn:ietf:params:cpim-headers:';
/** The typo in RFC 3862 §6, accepted as the same namespace. */
export const CPIM_CORE_NS_TYPO = 'urn:ietf:params-cpim-headers:';

/** Lower-case name -> the one correct (case-sensitive) spelling. */
export const CORE_HEADERS: Readonly<Record<string, string>> = {
  from: 'From',
  to: 'To',
  cc: 'cc',
  datetime: 'DateTime',
  subject: 'Subject',
  ns: 'NS',
  require: 'Require',
};

/** A name that only makes sense among CPIM message headers (core name or prefixed). */
export function isCpimHeaderName(name: string): boolean {
  return name.includes('.') || name.toLowerCase() in CORE_HEADERS;
}

/** A MIME entity header (enclosing or encapsulated), never a CPIM message header. */
export function isMimeHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('content-') || lower === 'mime-version';
}

export function isCoreNamespace(uri: string | undefined): boolean {
  return uri === CPIM_CORE_NS || uri === CPIM_CORE_NS_TYPO;
}
