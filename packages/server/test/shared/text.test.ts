import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayText, quoted } from '../../src/shared/text.ts';

test('displayText keeps printable names, trimmed, in any script', () => {
  for (const name of ['Café Nord', '  Acme PoS ', 'Kauppa Äö', 'مطعم', 'שלום', '東京']) assert.equal(displayText(name, 200), name.trim());
});

test('displayText refuses control characters and every bidirectional control', () => {
  const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
  for (const bad of ['\u0000', '\u001b[31m', '\u007f', '\u0085', ...bidi]) {
    assert.equal(displayText(`Acme${bad}PoS`, 200), undefined, JSON.stringify(bad));
  }
  assert.equal(displayText('', 200), undefined);
  assert.equal(displayText('x'.repeat(201), 200), undefined);
});

test('quoted writes every character outside printable ASCII as an escape', () => {
  assert.equal(quoted('ab\u202ecd'), '"ab\\u{202e}cd"');
  assert.equal(quoted('ｄｅｖ@x'), '"\\u{ff44}\\u{ff45}\\u{ff56}@x"');
  assert.equal(quoted('\u001b[2J'), '"\\u{1b}[2J"');
});
