/**
 * The local runtime's fault switch (infra/local/faults.ts): how `LOCAL_FAULTS` reads, and that it
 * cancels a functions' client's transaction as AWS would, before any request leaves. No I/O: a
 * cancelled call never reaches the network, and a passed one is stopped by a stub below it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { guarded } from '#adapters/local-grants.ts';
import { StartupError } from '#local/errors.ts';
import { faultsFrom, installFaults } from '#local/faults.ts';

const HOOK = Symbol.for('si-disputes.local-grants');
const global = globalThis as Record<symbol, unknown>;
const before = global[HOOK];
afterEach(() => {
  global[HOOK] = before;
});

/** A functions' document client whose requests end at a stub instead of the network. */
function client() {
  const low = guarded(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );
  low.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), {
    step: 'finalizeRequest',
    name: 'stubNetwork',
    priority: 'low',
  });
  return DynamoDBDocumentClient.from(low);
}

const transaction = new TransactWriteCommand({
  TransactItems: [
    { Put: { TableName: 't', Item: { PK: 'a', SK: 'a' } } },
    { Put: { TableName: 't', Item: { PK: 'b', SK: 'b' } } },
    {
      Update: {
        TableName: 't',
        Key: { PK: 'c', SK: 'c' },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
  ],
});

describe('LOCAL_FAULTS', () => {
  it('reads a share of transaction conflicts, and nothing when unset', () => {
    expect(faultsFrom({ LOCAL_FAULTS: 'transaction-conflict:0.2' })).toEqual({
      transactionConflict: 0.2,
    });
    expect(faultsFrom({})).toBeUndefined();
  });

  it('refuses to start on a setting it does not understand', () => {
    for (const bad of ['transaction-conflict:2', 'conflict:0.2', 'transaction-conflict'])
      expect(() => faultsFrom({ LOCAL_FAULTS: bad })).toThrow(StartupError);
  });
});

describe('the injected conflict', () => {
  it('cancels a transaction with one reason per item, one TransactionConflict, the rest None', async () => {
    installFaults({ transactionConflict: 1 });
    const error = await client()
      .send(transaction)
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TransactionCanceledException');
    const codes = (error as { CancellationReasons: { Code: string }[] }).CancellationReasons.map(
      (r) => r.Code,
    );
    expect(codes).toHaveLength(3);
    expect(codes.filter((c) => c === 'TransactionConflict')).toHaveLength(1);
    expect(codes.filter((c) => c === 'None')).toHaveLength(2);
  });

  it('lets single writes through, and every transaction at a share of 0', async () => {
    installFaults({ transactionConflict: 1 });
    await expect(
      client().send(new PutCommand({ TableName: 't', Item: { PK: 'a', SK: 'a' } })),
    ).resolves.toBeDefined();
    installFaults({ transactionConflict: 0 });
    await expect(client().send(transaction)).resolves.toBeDefined();
  });
});
