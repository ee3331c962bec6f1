/**
 * The unit queues' dead letters (issue 7): messages that failed five times, so their case never
 * reached an inbox. Messages carry only `{ caseNumber, unit }`, so listing them shows no personal
 * data. Read by the administrator's page and the JSON API alike.
 */

/** A message in a unit's dead-letter queue. */
export interface DeadLetter {
  unit: string;
  messageId: string;
  body: string;
  receiveCount: number;
}

/** The dead-letter queues of the unit queues (SQS, functions/adapters/dead-letters.ts). */
export interface DeadLetterQueues {
  /** Unit id → messages waiting, for every unit. */
  depths(): Promise<Record<string, number>>;
  /** A look at up to `max` (at most 10) of a unit's dead letters that leaves them in place. */
  list(unit: string, max?: number): Promise<DeadLetter[]>;
  /** Moves a unit's dead letters back to its queue; resolves to how many moved. */
  redrive(unit: string): Promise<number>;
}

export interface UnitDeadLetters {
  unit: string;
  depth: number;
  messages: { messageId: string; caseNumber: string | null; receiveCount: number }[];
}

/** The case a message names, or null when its body is not a case message. */
function caseNumberOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { caseNumber?: unknown };
    return typeof parsed.caseNumber === 'string' ? parsed.caseNumber : null;
  } catch {
    return null;
  }
}

/** Every unit's dead-letter queue: its depth and, when not empty, a look at its messages. */
export async function deadLetterOverview(queues: DeadLetterQueues): Promise<UnitDeadLetters[]> {
  const depths = await queues.depths();
  return Promise.all(
    Object.entries(depths).map(async ([unit, depth]) => ({
      unit,
      depth,
      messages:
        depth === 0
          ? []
          : (await queues.list(unit)).map((m) => ({
              messageId: m.messageId,
              caseNumber: caseNumberOf(m.body),
              receiveCount: m.receiveCount,
            })),
    })),
  );
}
