/**
 * The deadline policy (DESIGN.md §6), in working days. The seed says only "within the prescribed
 * time"; these defaults follow 12345-hotline practice and are configuration, not law.
 */
export interface DeadlinePolicy {
  /** From assignment to sign-for (签收). */
  signFor: number;
  /** A unit may return a case within this many working days of assignment. */
  returnWindow: number;
  /** From sign-for to the written answer, by kind of case. */
  answerSingle: number;
  answerJointGeneral: number;
  answerMajor: number;
  /** From the answer to the follow-up visit (回访). */
  followUp: number;
  /** A payer silent this long after the answer is taken as accepting it. */
  silenceMeansAccept: number;
  /** After a missed deadline: a chase (催办) after this many, supervision (督办) after this many more. */
  chaseAfter: number;
  superviseAfter: number;
  /** The days each other work item is given (functions/core/work.ts). */
  decideExtension: number;
  opinion: number;
  proposal: number;
  approveProposal: number;
  writtenOpinion: number;
  /** From a general joint case's classification to its recorded consultation (会商). */
  consult: number;
  convene: number;
  archive: number;
  answerSupervision: number;
}

export const DEFAULT_DEADLINES: DeadlinePolicy = {
  signFor: 1,
  returnWindow: 1,
  answerSingle: 15,
  answerJointGeneral: 20,
  answerMajor: 30,
  followUp: 5,
  silenceMeansAccept: 15,
  chaseAfter: 1,
  superviseAfter: 5,
  // Not in the seed or in 12345 practice: short, so that no one act holds up the answer.
  decideExtension: 1,
  opinion: 5,
  proposal: 3,
  approveProposal: 3,
  // The 专题会议 (seed 三(四)) comes within it: the leading group convenes the units, then the
  // office writes what they arrived at. 3 + 3 + 15 days of the major answer's 30 leave the lead at
  // least 9 to answer (5 was found short by a staff review, 2026-12-05).
  writtenOpinion: 15,
  // Half of the 20 a general joint case has: the lead still needs time to write the answer.
  consult: 10,
  convene: 5,
  archive: 5,
  answerSupervision: 3,
};

/** The answer's days, by kind of case (DESIGN.md §6): a case the office classified has its own. */
export function answerDays(
  classification: 'general' | 'major' | null | undefined,
  policy: DeadlinePolicy,
): number {
  if (classification === 'major') return policy.answerMajor;
  if (classification === 'general') return policy.answerJointGeneral;
  return policy.answerSingle;
}
