/** Group By… and Filter… of the All Incidents view (its title bar), and Clear Filter. */

import * as vscode from 'vscode';
import type { Services } from '../services';
import { GROUPINGS, type GroupBy } from '../sidebar/grouping';

const GROUP_LABELS: Record<GroupBy, { label: string; detail: string }> = {
  year: { label: 'Year', detail: 'When it started, newest year first' },
  service: { label: 'Service', detail: 'Each service the record lists: what happened to payments?' },
  severity: { label: 'Severity', detail: 'In the configured order' },
  status: { label: 'Status', detail: 'Draft, in review, published' },
};

/** `groupBy` skips the quick pick (tests, keybindings with arguments). */
export async function groupAllIncidents(services: Services, groupBy?: unknown): Promise<GroupBy | undefined> {
  let chosen = GROUPINGS.find((g) => g === groupBy);
  if (chosen === undefined) {
    const current = services.allTree.groupBy;
    const items = GROUPINGS.map((g) => ({ ...GROUP_LABELS[g], description: g === current ? '(current)' : undefined, groupBy: g }));
    chosen = (await vscode.window.showQuickPick(items, { title: 'Group All Incidents by', placeHolder: 'Year, service, severity or status' }))?.groupBy;
  }
  if (chosen !== undefined) await services.allTree.setGroupBy(chosen);
  return chosen;
}

/** `text` skips the input box; an empty filter shows every incident again. */
export async function filterAllIncidents(services: Services, text?: unknown): Promise<string | undefined> {
  const filter =
    typeof text === 'string'
      ? text
      : await vscode.window.showInputBox({
          title: 'Filter All Incidents',
          prompt: 'Words to find in the id, title, summary, services, severity, status or date (empty: show all)',
          placeHolder: 'payments SEV1',
          value: services.allTree.filter,
        });
  if (filter === undefined) return undefined;
  services.allTree.setFilter(filter);
  return filter.trim();
}
