/** Small readings of single values (severity, status, lists), shared by front matter and headings. */
import { plainInline } from './markdown';

/**
 * The configured severity a value names, ignoring case, spaces and dashes (`sev-2`, `Sev 2` →
 * `SEV2`), or its first word does (`SEV2 (major)`). Undefined for anything else: `P1` or `Major`
 * are a team's own scale and are not translated.
 */
export function severityOf(value: string, severities: string[]): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');
  const plain = plainInline(value);
  const words = plain.split(/[\s,;()]+/).filter(Boolean);
  for (const candidate of [plain, words[0] ?? '', words.slice(0, 2).join('')]) {
    const found = severities.find((s) => squash(s) === squash(candidate));
    if (found) return found;
  }
  return undefined;
}

/** A record status, only when the value is exactly one (in any case and spacing). */
export function statusOf(value: string): 'draft' | 'in-review' | 'published' | undefined {
  const squashed = plainInline(value)
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return squashed === 'draft' || squashed === 'in-review' || squashed === 'published' ? squashed : undefined;
}

/** `a, b and c` / `a; b` → names. */
export function splitList(value: string): string[] {
  return plainInline(value)
    .split(/[,;&]/)
    .flatMap((part) => part.split(/\sand\s/))
    .map((item) => item.trim())
    .filter(Boolean);
}
