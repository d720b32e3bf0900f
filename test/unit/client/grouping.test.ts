import * as assert from 'node:assert/strict';
import type { IncidentSummary } from '../../../common/protocol';
import {
  datedDescription,
  filterIncidents,
  groupByYear,
  groupIncidents,
  incidentDescription,
  incidentLabel,
  NO_SERVICE,
  NO_SEVERITY,
  UNDATED,
} from '../../../client/src/sidebar/grouping';

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

describe('client: All Incidents groupings and filter', () => {
  const list = [
    incident('INC-2024-017', '2024-03-14T09:12:00Z', { severity: 'SEV2', services: ['cache', 'api-gateway'] }),
    incident('INC-2023-004', '2023-08-02', { severity: 'SEV1', services: ['payments'], summary: 'The certificate expired.' }),
    incident('INC-2024-020', '2024-05-01', { status: 'draft', services: ['payments'] }),
  ];
  const view = (groups: { label: string; incidents: IncidentSummary[] }[]) => groups.map((g) => [g.label, g.incidents.map((i) => i.id)]);

  it('groups by service: an incident under each of its services, newest first', () => {
    assert.deepEqual(view(groupIncidents(list, 'service')), [
      ['api-gateway', ['INC-2024-017']],
      ['cache', ['INC-2024-017']],
      ['payments', ['INC-2024-020', 'INC-2023-004']],
    ]);
    assert.deepEqual(view(groupIncidents([incident('INC-1', '2024-01-01')], 'service')), [[NO_SERVICE, ['INC-1']]]);
  });

  it('groups by severity in the configured order, and by status from draft to published', () => {
    assert.deepEqual(view(groupIncidents(list, 'severity', ['SEV1', 'SEV2'])), [
      ['SEV1', ['INC-2023-004']],
      ['SEV2', ['INC-2024-017']],
      [NO_SEVERITY, ['INC-2024-020']],
    ]);
    assert.deepEqual(view(groupIncidents(list, 'status')), [
      ['draft', ['INC-2024-020']],
      ['published', ['INC-2024-017', 'INC-2023-004']],
    ]);
    assert.deepEqual(view(groupIncidents(list, 'year')), [
      ['2024', ['INC-2024-020', 'INC-2024-017']],
      ['2023', ['INC-2023-004']],
    ]);
  });

  it('filters by every word, in any field shown or summarised', () => {
    assert.deepEqual(
      filterIncidents(list, 'PAYMENTS certificate').map((i) => i.id),
      ['INC-2023-004'],
    );
    assert.deepEqual(
      filterIncidents(list, 'payments').map((i) => i.id),
      ['INC-2023-004', 'INC-2024-020'],
    );
    assert.equal(filterIncidents(list, '  ').length, 3);
    assert.equal(filterIncidents(list, 'nothing-like-this').length, 0);
  });

  it('shows the date first in the row description', () => {
    assert.equal(datedDescription(list[0]), '2024-03-14 · SEV2 · published');
    assert.equal(datedDescription(incident('INC-9', '')), 'published');
  });
});
