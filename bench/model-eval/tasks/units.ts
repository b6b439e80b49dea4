/** A unit converter that knows single units only (a compound such as feet-and-inches makes it throw), and the task that uses it. */
import { z } from 'zod';
import { asNumber, fail, parseStructured, pass } from '../check.js';
import { evalTool, type EvalTask, type ToolSetOptions } from '../task.js';

type Dimension = 'length' | 'mass' | 'volume' | 'temperature';

/** Each unit's dimension and size in the dimension's base unit (metre, kilogram, litre); temperatures convert apart. */
const UNITS: Record<string, { dimension: Dimension; size: number; names: string[] }> = {
  mm: { dimension: 'length', size: 0.001, names: ['millimetre', 'millimeter', 'millimetres', 'millimeters'] },
  cm: { dimension: 'length', size: 0.01, names: ['centimetre', 'centimeter', 'centimetres', 'centimeters'] },
  m: { dimension: 'length', size: 1, names: ['metre', 'meter', 'metres', 'meters'] },
  km: { dimension: 'length', size: 1000, names: ['kilometre', 'kilometer', 'kilometres', 'kilometers'] },
  in: { dimension: 'length', size: 0.0254, names: ['inch', 'inches'] },
  ft: { dimension: 'length', size: 0.3048, names: ['foot', 'feet'] },
  yd: { dimension: 'length', size: 0.9144, names: ['yard', 'yards'] },
  mi: { dimension: 'length', size: 1609.344, names: ['mile', 'miles'] },
  g: { dimension: 'mass', size: 0.001, names: ['gram', 'grams'] },
  kg: { dimension: 'mass', size: 1, names: ['kilogram', 'kilograms'] },
  oz: { dimension: 'mass', size: 0.028349523125, names: ['ounce', 'ounces'] },
  lb: { dimension: 'mass', size: 0.45359237, names: ['lbs', 'pound', 'pounds'] },
  st: { dimension: 'mass', size: 6.35029318, names: ['stone', 'stones'] },
  ml: { dimension: 'volume', size: 0.001, names: ['millilitre', 'milliliter', 'millilitres', 'milliliters'] },
  l: { dimension: 'volume', size: 1, names: ['litre', 'liter', 'litres', 'liters'] },
  cup: { dimension: 'volume', size: 0.2365882365, names: ['cups'] },
  gal: { dimension: 'volume', size: 3.785411784, names: ['gallon', 'gallons'] },
  C: { dimension: 'temperature', size: 1, names: ['°C', 'celsius'] },
  F: { dimension: 'temperature', size: 1, names: ['°F', 'fahrenheit'] },
  K: { dimension: 'temperature', size: 1, names: ['kelvin'] },
};

function unitSymbol(name: string): string {
  const wanted = name.trim().toLowerCase();
  const symbol = Object.entries(UNITS).find(([key, unit]) => key.toLowerCase() === wanted || unit.names.some((alias) => alias.toLowerCase() === wanted))?.[0];
  if (!symbol) throw new Error(`Unknown unit '${name}'. Supported units: ${Object.keys(UNITS).join(', ')}.`);
  return symbol;
}

function toCelsius(value: number, unit: string): number {
  return unit === 'F' ? ((value - 32) * 5) / 9 : unit === 'K' ? value - 273.15 : value;
}

function fromCelsius(value: number, unit: string): number {
  return unit === 'F' ? (value * 9) / 5 + 32 : unit === 'K' ? value + 273.15 : value;
}

function unitTools(options: ToolSetOptions) {
  return [
    evalTool(
      {
        name: 'convert_units',
        description: 'Converts a quantity from one unit to another of the same kind (length, mass, volume or temperature).',
        inputSchema: z.object({
          value: z.number().describe('The quantity to convert'),
          from: z.string().describe('Unit symbol or name, e.g. "km", "lb", "F"'),
          to: z.string().describe('Unit symbol or name'),
        }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: { value: { type: 'number', description: 'The converted quantity, to 6 decimals' }, unit: { type: 'string' } },
          required: ['value', 'unit'],
        },
        execute: ({ value, from, to }: { value: number; from: string; to: string }) => {
          const [source, target] = [unitSymbol(from), unitSymbol(to)];
          const [a, b] = [UNITS[source]!, UNITS[target]!];
          if (a.dimension !== b.dimension) throw new Error(`Cannot convert ${a.dimension} (${source}) to ${b.dimension} (${target}).`);
          const converted = a.dimension === 'temperature' ? fromCelsius(toCelsius(value, source), target) : (value * a.size) / b.size;
          return { value: Math.round(converted * 1e6) / 1e6, unit: target };
        },
      },
      options,
    ),
  ];
}

const EXPECTED_PROFILE = { distance_km: 42.2, height_cm: 180.3, weight_kg: 71.7, temperature_c: 20.0 };

export const metricProfile: EvalTask = {
  id: 'metric-profile',
  categories: ['structured'],
  prompt:
    "A runner's profile says: best marathon 26.2 miles; height 5 ft 11 in; weight 11 st 4 lb; race-day temperature 68 °F. " +
    'Express these in metric units with the unit converter. Answer with a JSON object with the keys "distance_km", "height_cm", ' +
    '"weight_kg" and "temperature_c", each a number rounded to one decimal place.',
  tools: unitTools,
  check: (answer) => {
    const value = parseStructured(answer) as Record<string, unknown> | undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('the answer is not a JSON object');
    for (const [key, expected] of Object.entries(EXPECTED_PROFILE)) {
      const given = asNumber(value[key]);
      if (given === undefined) return fail(`${key}: missing or not a number (${JSON.stringify(value[key])})`);
      if (Math.abs(given - expected) > 0.051) return fail(`${key}: expected ${expected}, got ${given}`);
    }
    return pass('all four values');
  },
  async solve(call) {
    const convert = async (value: number, from: string, to: string) => (await call('convert_units', { value, from, to })).value as number;
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      distance_km: round(await convert(26.2, 'mi', 'km')),
      height_cm: round((await convert(5, 'ft', 'cm')) + (await convert(11, 'in', 'cm'))),
      weight_kg: round((await convert(11, 'st', 'kg')) + (await convert(4, 'lb', 'kg'))),
      temperature_c: round(await convert(68, 'F', 'C')),
    };
  },
};
