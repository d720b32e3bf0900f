/** Open Incident Story: the story view of an id (from a hover link, a code lens, the sidebar), or of a picked incident. */

import type { Services } from '../services';
import { pickIncident } from './incidentPicker';

export async function showStory(services: Services, id?: unknown, uri?: unknown): Promise<boolean> {
  let incidentId = typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
  if (incidentId === undefined) {
    const picked = await pickIncident(services, 'Read the story of an incident (type an id, title or summary words)');
    if (picked === undefined) return false;
    incidentId = picked.id;
  }
  return services.storyPanel.show(incidentId, typeof uri === 'string' ? uri : undefined);
}
