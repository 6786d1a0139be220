import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAlgorithm, nodeHashName, signatureScheme } from '../../server/src/core/cms/algorithms';

test('RFC 3923 mandatory set: SHA-1, RSA, AES-128-CBC', () => {
  for (const n of ['sha1', 'SHA-1', 'sha1WithRSAEncryption', 'rsaEncryption', 'aes-128-cbc', '2.16.840.1.101.3.4.1.2']) {
    assert.equal(classifyAlgorithm(n).mti, true, n);
  }
  for (const n of ['sha256', 'RSASSA-PSS', 'RSAES-OAEP', 'aes-256-cbc', 'des-ede3-cbc', 'ecdsa-with-SHA256', 'md5']) {
    assert.equal(classifyAlgorithm(n).mti, false, n);
  }
});

test('legacy draft profile: MD5 and Triple-DES', () => {
  assert.deepEqual(classifyAlgorithm('md5'), { mti: false, legacy: true, deprecated: 'error' });
  assert.deepEqual(classifyAlgorithm('md5WithRSAEncryption'), { mti: false, legacy: true, deprecated: 'error' });
  assert.deepEqual(classifyAlgorithm('des-ede3-cbc'), { mti: false, legacy: true, deprecated: 'warning' });
  assert.equal(classifyAlgorithm('3DES').legacy, true);
});

test('S/MIME deprecation: SHA-1 warning; MD5, RC2, DES errors; SHA-256 and AES fine', () => {
  assert.equal(classifyAlgorithm('sha1').deprecated, 'warning');
  assert.equal(classifyAlgorithm('sha1WithRSAEncryption').deprecated, 'warning');
  assert.equal(classifyAlgorithm('rc2-cbc').deprecated, 'error');
  assert.equal(classifyAlgorithm('des-cbc').deprecated, 'error');
  assert.equal(classifyAlgorithm('sha256').deprecated, 'no');
  assert.equal(classifyAlgorithm('aes-128-cbc').deprecated, 'no');
  assert.equal(classifyAlgorithm('rsaEncryption').deprecated, 'no');
});

test('node:crypto mappings', () => {
  assert.equal(nodeHashName('sha256'), 'sha256');
  assert.equal(nodeHashName('md2'), undefined);
  assert.deepEqual(signatureScheme('sha256WithRSAEncryption'), { scheme: 'rsa-pkcs1', hash: 'sha256' });
  assert.deepEqual(signatureScheme('rsaEncryption'), { scheme: 'rsa-pkcs1' });
  assert.equal(signatureScheme('ML-DSA-44'), undefined);
});
