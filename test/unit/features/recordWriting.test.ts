import * as assert from 'node:assert/strict';
import { formatLike } from '../../../server/src/core/features/recordCompletion';
import { nearestRecordDate } from '../../../server/src/core/records/dates';

describe('writing records: dates', () => {
  // 2026-12-02T07:05:09Z, on a machine one hour east of UTC.
  const clock = { nowMs: Date.UTC(2026, 11, 2, 7, 5, 9), localOffsetMinutes: 60 };

  it('writes now in the form of the record dates', () => {
    assert.equal(formatLike('2024-03-05T14:02:00Z', clock), '2026-12-02T07:05:09Z');
    assert.equal(formatLike('2024-03-05 14:02Z', clock), '2026-12-02 07:05Z');
    assert.equal(formatLike('2024-03-05T14:02:00+05:30', clock), '2026-12-02T12:35:09+05:30');
    assert.equal(formatLike('2024-03-05T14:02:00-0800', clock), '2026-12-01T23:05:09-0800');
    // No zone: the author's local time, which is this machine's.
    assert.equal(formatLike('2024-03-05T14:02', clock), '2026-12-02T08:05');
    assert.equal(formatLike('2024-03-05', { nowMs: Date.UTC(2026, 11, 2, 23, 30), localOffsetMinutes: 60 }), '2026-12-03');
    assert.equal(formatLike(undefined, clock), '2026-12-02T07:05:09Z');
  });

  it('offers the nearest real date for an impossible or loosely written one', () => {
    assert.equal(nearestRecordDate('2024-02-30'), '2024-02-29');
    assert.equal(nearestRecordDate('2023-02-29'), '2023-02-28');
    assert.equal(nearestRecordDate('2024-13-01'), '2024-12-01');
    assert.equal(nearestRecordDate('2024-3-5'), '2024-03-05');
    assert.equal(nearestRecordDate('2024/03/05 9:5'), '2024-03-05 09:05');
    assert.equal(nearestRecordDate('2024-04-31T24:60:00Z'), '2024-04-30T23:59:00Z');
    assert.equal(nearestRecordDate('2024-03-05T14:02:00+0100'), '2024-03-05T14:02:00+01:00');
    // Already real, or too far from a date to guess.
    assert.equal(nearestRecordDate('2024-03-05'), undefined);
    assert.equal(nearestRecordDate('last Tuesday'), undefined);
  });
});
