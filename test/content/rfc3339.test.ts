import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLegacyDelayStamp, parseRfc3339 } from '../../server/src/core/time/rfc3339';

test('RFC 3339: accepted date-times give the right instant and offset', () => {
  const table: [string, number, number, boolean][] = [
    ['2003-12-09T23:45:36.66Z', Date.parse('2003-12-09T23:45:36.660Z'), 0, true],
    ['2001-02-01T12:16:49-05:00', Date.parse('2001-02-01T17:16:49Z'), -300, false],
    ['2000-12-13T13:40:00-08:00', Date.parse('2000-12-13T21:40:00Z'), -480, false],
    ['2024-02-29T00:00:00+05:30', Date.parse('2024-02-28T18:30:00Z'), 330, false],
    ['2003-12-09T23:45:36+00:00', Date.parse('2003-12-09T23:45:36Z'), 0, false],
    ['1990-12-31T23:59:60Z', Date.parse('1991-01-01T00:00:00Z'), 0, true],
    ['0050-06-01T00:00:00Z', new Date('0050-06-01T00:00:00Z').getTime(), 0, true],
  ];
  for (const [s, epoch, off, zulu] of table) {
    const r = parseRfc3339(s);
    assert.ok(r.ok, s);
    assert.equal(r.epochMs, epoch, s);
    assert.equal(r.offsetMinutes, off, s);
    assert.equal(r.zulu, zulu, s);
  }
});

test('RFC 3339: fractional seconds of any length', () => {
  const a = parseRfc3339('2020-01-01T00:00:00.1Z');
  const b = parseRfc3339('2020-01-01T00:00:00.123456789Z');
  assert.ok(a.ok && b.ok);
  assert.equal(a.epochMs - Date.parse('2020-01-01T00:00:00Z'), 100);
  assert.ok(Math.abs(b.epochMs - Date.parse('2020-01-01T00:00:00Z') - 123.456789) < 1e-3);
});

test('RFC 3339: -00:00 is ok with unknownOffset; lower case only without strictCase', () => {
  const neg = parseRfc3339('2020-01-01T00:00:00-00:00');
  assert.ok(neg.ok);
  assert.equal(neg.unknownOffset, true);
  assert.equal(neg.zulu, false);
  const lower = parseRfc3339('2020-01-01t00:00:00z');
  assert.ok(lower.ok);
  assert.equal(lower.lowerCase, true);
  assert.equal(lower.zulu, true);
  const strict = parseRfc3339('2020-01-01t00:00:00z', { strictCase: true });
  assert.equal(strict.ok, false);
  assert.ok(parseRfc3339('2020-01-01T00:00:00Z', { strictCase: true }).ok);
});

test('RFC 3339: rejected inputs with a reason', () => {
  const bad = [
    '2003-12-09T23:53:11.31', // RFC 3923 example: no zone
    '2003-12-09 23:53:11Z',
    '2003-12-09',
    '2003-13-09T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2003-12-09T24:00:00Z',
    '2003-12-09T23:60:00Z',
    '2003-12-09T23:58:60Z',
    '2003-12-09T23:00:00+0100',
    '2003-12-09T23:00:00+24:00',
    '2003-12-09T23:00:00.Z',
    ' 2003-12-09T23:00:00Z',
    '',
    '03-12-09T23:00:00Z',
    '20031209T23:00:00Z',
  ];
  for (const s of bad) {
    const r = parseRfc3339(s);
    assert.equal(r.ok, false, s);
    if (!r.ok) assert.ok(r.reason.length > 0, s);
  }
  const r = parseRfc3339('2003-12-09T23:53:11.31');
  assert.ok(!r.ok && /zone/.test(r.reason));
});

test('XEP-0091 legacy stamps', () => {
  const r = parseLegacyDelayStamp('20020910T23:08:25');
  assert.ok(r.ok);
  assert.equal(r.epochMs, Date.parse('2002-09-10T23:08:25Z'));
  assert.equal(r.offsetMinutes, 0);
  for (const s of ['2002-09-10T23:08:25Z', '20020910T23:08', '20021310T23:08:25', '20020910 23:08:25']) {
    assert.equal(parseLegacyDelayStamp(s).ok, false, s);
  }
});
