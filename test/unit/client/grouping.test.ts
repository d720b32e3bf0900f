import * as assert from 'node:assert/strict';
import type { IncidentSummary } from '../../../common/protocol';
import { groupByYear, incidentDescription, incidentLabel, UNDATED } from '../../../client/src/sidebar/grouping';

function incident(id: string, started: string, extra: Partial<IncidentSummary> = {}): IncidentSummary {
  return { id, title: `title of ${id}`, status: 'published', started, recordUri: `file:///w/incidents/${id}.yaml`, ...extra };
}

describe('client: All Incidents grouping', () => {
  it('groups by year of started, newest year first, undated last', () => {
    const groups = groupByYear([
      incident('INC-2023-001', '2023-05-01'),
      incident('INC-9', ''),
      incident('INC-2025-002', '2025-01-10T10:00:00Z'),
      incident('INC-2024-010', '2024-12-31'),
      incident('INC-2025-001', '2025-01-03'),
    ]);
    assert.deepEqual(
      groups.map((group) => [group.year, group.incidents.map((item) => item.id)]),
      [
        ['2025', ['INC-2025-002', 'INC-2025-001']],
        ['2024', ['INC-2024-010']],
        ['2023', ['INC-2023-001']],
        [UNDATED, ['INC-9']],
      ],
    );
  });

  it('orders incidents of the same instant by id, highest first', () => {
    const groups = groupByYear([incident('INC-2024-9', '2024-02-01'), incident('INC-2024-10', '2024-02-01')]);
    assert.deepEqual(
      groups[0].incidents.map((item) => item.id),
      ['INC-2024-10', 'INC-2024-9'],
    );
  });

  it('labels incidents with id and title, severity and status as description', () => {
    assert.equal(incidentLabel(incident('INC-1', '2024-01-01')), 'INC-1 — title of INC-1');
    assert.equal(incidentDescription(incident('INC-1', '2024-01-01', { severity: 'SEV2' })), 'SEV2 · published');
    assert.equal(incidentDescription(incident('INC-1', '2024-01-01', { status: 'draft' })), 'draft');
  });
});
