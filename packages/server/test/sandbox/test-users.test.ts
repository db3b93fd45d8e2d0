import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_USERS, findTestUser } from '../../src/sandbox/test-users.ts';

test('has the five DK and five FI users of the SPEC', () => {
  assert.deepEqual(
    TEST_USERS.map((u) => u.phoneNumber),
    [
      '+4520031801',
      '+4520031802',
      '+4520031803',
      '+4520031804',
      '+4520031805',
      '+358200318001',
      '+358200318002',
      '+358200318003',
      '+358200318004',
      '+358200318005',
    ],
  );
});

for (const country of ['DK', 'FI'] as const) {
  test(`gives the ${country} users the SPEC's features: 2 debit, 4 loyalty, 5 partial capture`, () => {
    const users = TEST_USERS.filter((u) => u.country === country);
    assert.deepEqual(
      users.map((u) => u.cardType),
      ['credit', 'debit', 'credit', 'credit', 'credit'],
    );
    assert.deepEqual(
      users.map((u) => u.loyaltyIds.length > 0),
      [false, false, false, true, false],
    );
    assert.deepEqual(
      users.map((u) => u.partialCapturePossible),
      [false, false, false, false, true],
    );
  });
}

test('gives every user distinct tokens of the contract shape', () => {
  assert.equal(new Set(TEST_USERS.map((u) => u.customerToken)).size, TEST_USERS.length);
  assert.equal(new Set(TEST_USERS.map((u) => u.customerReceiptToken)).size, TEST_USERS.length);
  for (const u of TEST_USERS) {
    assert.match(u.customerToken, /^[0-9a-f]{40}$/);
    assert.match(u.customerReceiptToken, /^[0-9a-f]{32}$/);
  }
});

test('finds a user by phone number, with or without + and spaces', () => {
  assert.equal(findTestUser('+4520031802')?.cardType, 'debit');
  assert.equal(findTestUser('4520031802')?.phoneNumber, '+4520031802');
  assert.equal(findTestUser('+358 200318005')?.partialCapturePossible, true);
  assert.equal(findTestUser('+4520031899'), undefined);
});
