// The decoded view the editor shows, for `xmpp-e2e decode`. One import on purpose: the function
// is moving into the core service (#11), and this is the one place to repoint.
export { describeFromAnalysis as decodedViewText } from '../../server/src/core/e2e/unseal';
