// Capture times in the shapes the dialects print, read as UTC unless a zone is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCaptureTime, parseLegacyStamp, parseXep82 } from '../../server/src/core/trace/timestamps';

test('capture time shapes', () => {
  const cases: [string, number, boolean][] = [
    ['2024-01-15T10:23:45.123456+01:00', Date.UTC(2024, 0, 15, 9, 23, 45, 123), true],
    ['2024-01-15 10:23:45,250', Date.UTC(2024, 0, 15, 10, 23, 45, 250), true],
    ['2024-01-15T10:23:45+0100', Date.UTC(2024, 0, 15, 9, 23, 45), true],
    ['2024.01.15 10:23:45.100', Date.UTC(2024, 0, 15, 10, 23, 45, 100), true],
    ['Fri Dec 14 13:53:42 2012', Date.UTC(2012, 11, 14, 13, 53, 42), true],
    ['Mon 15 Jan 2024 10:23:45 AM CET', Date.UTC(2024, 0, 15, 10, 23, 45), true],
    ['01/15/24 10:23:45', Date.UTC(2024, 0, 15, 10, 23, 45), true],
    ['15/01/2024 10:23:45', Date.UTC(2024, 0, 15, 10, 23, 45), true],
    ['15.01.2024 10:23:45', Date.UTC(2024, 0, 15, 10, 23, 45), true],
    ['10:23:45', Date.UTC(2024, 5, 2, 10, 23, 45), false],
    ['10:23:45 PM', Date.UTC(2024, 5, 2, 22, 23, 45), false],
    ['Jun 03 10:23:45', Date.UTC(2024, 5, 3, 10, 23, 45), false],
  ];
  for (const [text, ms, dateKnown] of cases) {
    const t = parseCaptureTime(text, '2024-06-02');
    assert.equal(t.epochMs, ms, text);
    assert.equal(t.dateKnown, dateKnown, text);
  }
  assert.equal(parseCaptureTime('no time here').epochMs, undefined);
});

test('delay stamps: XEP-0082 and legacy jabber:x:delay', () => {
  assert.equal(parseXep82('2002-09-10T23:08:25Z'), Date.UTC(2002, 8, 10, 23, 8, 25));
  assert.equal(parseXep82('2002-09-10T23:08:25.123-05:00'), Date.UTC(2002, 8, 11, 4, 8, 25, 123));
  assert.equal(parseXep82('2002-09-10 23:08:25'), undefined);
  assert.equal(parseLegacyStamp('20020910T23:08:25'), Date.UTC(2002, 8, 10, 23, 8, 25));
  assert.equal(parseLegacyStamp('2002-09-10T23:08:25Z'), undefined);
});
