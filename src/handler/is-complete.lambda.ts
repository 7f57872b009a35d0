// isComplete handler: written in the "Deploy-time lifecycle" work (see contract.ts).
export async function handler(_event: unknown): Promise<unknown> {
  throw new Error('not implemented yet');
}
