// The trip helper's own tools, as a module of their own: saving the agent copies this file into
// trip-helper/tools/ as it is (the import of the library becomes 'smolagents-ts').
import { z } from 'zod';
import { tool } from 'smolagents-ts';

const FACTORS: Record<string, number> = { km: 1000, mi: 1609.344, m: 1, ft: 0.3048 };

export const convertDistance = tool({
  name: 'convert_distance',
  description: 'Converts a distance between kilometres (km), miles (mi), metres (m) and feet (ft).',
  inputSchema: z.object({
    value: z.number().describe('The distance to convert'),
    from: z.enum(['km', 'mi', 'm', 'ft']).describe('Its unit'),
    to: z.enum(['km', 'mi', 'm', 'ft']).describe('The unit wanted'),
  }),
  outputType: 'number',
  execute: ({ value, from, to }) => Math.round(((value * FACTORS[from]!) / FACTORS[to]!) * 1000) / 1000,
});
