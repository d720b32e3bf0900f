// The words generated records and sources are made of. The order of every list is part of the
// output (the generator picks by index): append, never reorder, or bump GENERATOR_VERSION.
import type { Dice } from './random';

/** A list written as text: words split on white space (or on commas, for names with spaces). */
const words = (text: string, separator: RegExp = /\s+/): string[] => text.trim().split(separator);

export const SERVICES = words(`payments checkout auth ledger search notifications inventory billing gateway scheduler catalog identity
  shipping pricing recommendations ingest analytics messaging storage reporting fraud onboarding accounts media`);
export const NOUNS = words(`retry queue cache token session worker batch cursor lease shard replica snapshot backoff timeout buffer handler
  client pool schema migration index ledger invoice refund order account webhook limit budget deadline heartbeat circuit partition offset
  manifest config flag rollout canary quota lock cron export import event stream`);
export const VERBS = words(`load parse flush retry resolve fetch store update validate compute apply drain schedule publish refresh merge build
  render encode decode sync reconcile expire renew acquire release emit collect`);
export const ADJ = words('stale pending partial slow duplicate expired missing noisy hot cold large concurrent delayed orphaned unbounded regional primary');
export const PEOPLE = words(
  `Amara Okafor, Bea Lindqvist, Chen Wei, Dario Russo, Elif Demir, Farah Haddad, Goran Petrovic, Hana Sato, Ines Moreau, Jonas Berg,
  Kavya Rao, Luis Ortega, Maya Cohen, Nils Eriksen, Oona Virtanen, Priya Nair, Quentin Blanc, Rosa Alvarez`,
  /,\s*/,
);
export const ROLES = words('incident commander, on-call engineer, communications lead, subject matter expert, scribe', /,\s*/);
export const SEVERITIES = words('SEV1 SEV2 SEV3 SEV3 SEV4 SEV4 SEV5');
export const STATUSES = words('published published published in-review draft');
export const SOURCES = words('log chat dashboard deploy page interview other');
export const KINDS = words('confusion uncertainty ambiguity surprise');
export const TAGS = words('database network deploy config capacity dependency dns tls alerting data-loss latency availability security cost customer-facing');

/** Ways a comment mentions an incident. */
export const REF_PHRASES: Array<(id: string) => string> = [
  (id) => `See ${id}: the retry budget is capped on purpose.`,
  (id) => `Regression guard for ${id}; read the review before changing this.`,
  (id) => `This ordering matters, see ${id} for what happened when it was reversed.`,
  (id) => `Workaround from ${id}. Remove once the upstream fix lands.`,
  (id) => `${id} - the lock must be released before publishing.`,
  (id) => `Do not lower this timeout (${id}).`,
];

/** A sentence of an incident review, ending with a full stop. */
export function sentenceFactory(t: Dice): () => string {
  const { pick, int, chance } = t;
  const templates = [
    () => `The ${pick(NOUNS)} ${pick(NOUNS)} in ${pick(SERVICES)} started to ${pick(VERBS)} ${pick(ADJ)} ${pick(NOUNS)}s faster than expected`,
    () => `Responders first believed the ${pick(ADJ)} ${pick(NOUNS)} was caused by the ${pick(SERVICES)} deploy`,
    () => `Nobody on the call knew that ${pick(SERVICES)} would ${pick(VERBS)} every ${pick(NOUNS)} after a ${pick(NOUNS)} failure`,
    () => `The dashboard for ${pick(SERVICES)} showed ${int(2, 99)} percent of ${pick(NOUNS)}s as ${pick(ADJ)}`,
    () => `It took ${int(3, 90)} minutes to see that the ${pick(NOUNS)} limit had been lowered in an unrelated change`,
    () => `The ${pick(ROLES)} asked whether it was safe to ${pick(VERBS)} the ${pick(NOUNS)} while traffic was still ${pick(ADJ)}`,
    () => `Alerts fired for ${pick(SERVICES)} and ${pick(SERVICES)} at the same time, which made the signal ambiguous`,
    () => `Rolling back the ${pick(NOUNS)} change reduced errors but did not ${pick(VERBS)} the ${pick(ADJ)} backlog`,
    () => `Several people had a different picture of how the ${pick(NOUNS)} path worked`,
    () => `The runbook said to ${pick(VERBS)} the ${pick(NOUNS)} but that step had been removed ${int(2, 14)} months earlier`,
    () => `Load on the ${pick(ADJ)} ${pick(NOUNS)} grew by a factor of ${int(2, 40)} within a few minutes`,
    () => `We learned that ${pick(NOUNS)} ${pick(VERBS)} is not idempotent when the ${pick(NOUNS)} is ${pick(ADJ)}`,
  ];
  return () => {
    let s = pick(templates)();
    if (chance(0.25)) s += `, and the ${pick(NOUNS)} ${pick(VERBS)} loop kept going`;
    return s + '.';
  };
}
