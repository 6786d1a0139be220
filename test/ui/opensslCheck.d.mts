// Types for opensslCheck.mjs (shared with the TypeScript test-electron suite).
export declare function decryptAndVerify(
  payload: string,
  keys: { recipientKey: string; recipientCert: string; signerCert: string; ca?: string },
): { decrypted: boolean; verified: boolean; content: string; log: string };
