// micalg tokens (RFC 3851 / RFC 5751 spellings and the historical ones) against CMS digest names.

const MICALG_TO_DIGEST: Record<string, string> = {
  md5: 'md5',
  'rsa-md5': 'md5',
  sha1: 'sha1',
  'sha-1': 'sha1',
  'rsa-sha1': 'sha1',
  sha224: 'sha224',
  'sha-224': 'sha224',
  sha256: 'sha256',
  'sha-256': 'sha256',
  sha384: 'sha384',
  'sha-384': 'sha384',
  sha512: 'sha512',
  'sha-512': 'sha512',
};

/** Normalises a digest name (`SHA-256`, `sha256`, `id-sha256`) for comparison. */
function normaliseDigestName(name: string): string {
  return name.toLowerCase().replace(/^id-/, '').replace(/-/g, '');
}

export function micalgMatches(micalg: string, digestName: string): boolean {
  const mapped = MICALG_TO_DIGEST[micalg.trim().toLowerCase()];
  // Unknown tokens: receivers SHOULD recover gracefully (SMIME-3); no mismatch is claimed.
  if (!mapped) return true;
  return mapped === normaliseDigestName(digestName);
}
