import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidBeaconId, isValidPosText } from '../../src/pos/pos.text.ts';

// input-and-output-formats.md, "Valid characters": every line of the published list.
test('PoS text accepts the published valid characters, up to 36 characters', () => {
  for (const ok of [
    'a',
    'Cafeteria register #2',
    'æÆøØåÅ',
    'äÄöÖšŠžŽâÂàÀáÁãÃéÉêÊëËèÈ',
    'íÍîÎïÏìÌüÜûÛùÙúÚôÔòÒóÓõÕÿýÝñÑ',
    '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    '¦¯¨´×«»ðþçß¤ÇµÐÞ±°ªº©§¶¼½¾¬®¢£¥¡¿¹²³',
    'Café Nord',
    'Straße 1',
    'Müller',
    'x'.repeat(36),
    'ø'.repeat(36),
  ]) {
    assert.ok(isValidPosText(ok), ok);
  }
});

test('PoS text refuses empty, too long, control characters and characters outside the list', () => {
  for (const bad of ['', 'x'.repeat(37), 'tab\t', 'new\nline', '🙂', '€', 'Ÿ', 'ł', 'ő', '\u00a0']) {
    assert.ok(!isValidPosText(bad), JSON.stringify(bad));
  }
  assert.ok(!isValidPosText('abcd', 3));
});

test('beacon ids are a GUID in any case or exactly 15 digits', () => {
  for (const ok of ['123456789012345', 'a7b69d37-6753-4e94-afc3-ef5dab04b7f4', 'A7B69D37-6753-4E94-AFC3-EF5DAB04B7F4']) assert.ok(isValidBeaconId(ok), ok);
  for (const bad of ['12345678901234', '1234567890123456', 'a7b69d37675', 'g7b69d37-6753-4e94-afc3-ef5dab04b7f4', '']) assert.ok(!isValidBeaconId(bad), bad);
});
