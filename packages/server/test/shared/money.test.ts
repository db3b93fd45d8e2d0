import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_AMOUNT_MINOR, isCurrency, parseAmount, toAmountNumber } from '../../src/shared/money.ts';

const accepted: [unknown, number][] = [
  [12.5, 1250],
  [12, 1200],
  [0.01, 1],
  [19.99, 1999],
  ['12.50', 1250],
  ['12.5', 1250],
  ['7', 700],
  [0.1, 10],
  [10_000_000, 1_000_000_000],
];

for (const [input, minor] of accepted) {
  test(`parses ${JSON.stringify(input)} into ${minor} minor units`, () => {
    assert.deepEqual(parseAmount(input), { ok: true, minor });
  });
}

const refused: [string, unknown][] = [
  ['zero', 0],
  ['a negative number', -1],
  ['a negative string', '-1.00'],
  ['three decimals', 1.005],
  ['three decimals as a string', '1.005'],
  ['a float sum that is not two decimals (0.1 + 0.2)', 0.1 + 0.2],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['an exponent number', 1e21],
  ['an exponent string', '1e3'],
  ['a tiny number printed with an exponent', 1e-7],
  ['a string with spaces', ' 12.50'],
  ['a string with a comma', '12,50'],
  ['a trailing point', '12.'],
  ['a leading point', '.5'],
  ['a plus sign', '+5'],
  ['hex', '0x10'],
  ['an empty string', ''],
  ['null', null],
  ['a boolean', true],
  ['an object', { amount: 1 }],
  ['an amount above the maximum', 10_000_000.01],
];

for (const [name, input] of refused) {
  test(`refuses ${name}`, () => {
    const result = parseAmount(input);
    assert.equal(result.ok, false);
  });
}

test('formats minor units as the JSON number the contract uses', () => {
  assert.equal(toAmountNumber(1250), 12.5);
  assert.equal(toAmountNumber(1999), 19.99);
  assert.equal(toAmountNumber(1), 0.01);
  assert.equal(toAmountNumber(MAX_AMOUNT_MINOR), 10_000_000);
  assert.equal(JSON.stringify({ amount: toAmountNumber(10) }), '{"amount":0.1}');
});

test('round-trips every cent from 0.01 to 100.00 through the JSON number', () => {
  for (let minor = 1; minor <= 10_000; minor += 1) {
    assert.deepEqual(parseAmount(toAmountNumber(minor)), { ok: true, minor });
  }
});

test('knows only DKK and EUR', () => {
  assert.equal(isCurrency('DKK'), true);
  assert.equal(isCurrency('EUR'), true);
  assert.equal(isCurrency('NOK'), false);
  assert.equal(isCurrency('dkk'), false);
});
