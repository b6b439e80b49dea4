/** A city-facts service (our own figures), and the tasks that use it. Unknown cities make the tool throw. */
import { z } from 'zod';
import { allOf, hasNumber, mentions, normalize } from '../check.js';
import { evalTool, type EvalTask, type ToolSetOptions } from '../task.js';

interface CityFacts {
  city: string;
  country: string;
  population: number;
  area_km2: number;
  elevation_m: number;
  timezone: string;
}

const CITIES: CityFacts[] = [
  { city: 'Porto', country: 'Portugal', population: 231_800, area_km2: 41.42, elevation_m: 104, timezone: 'Europe/Lisbon' },
  { city: 'Lyon', country: 'France', population: 522_250, area_km2: 47.87, elevation_m: 173, timezone: 'Europe/Paris' },
  { city: 'Graz', country: 'Austria', population: 298_500, area_km2: 127.57, elevation_m: 353, timezone: 'Europe/Vienna' },
  { city: 'Bologna', country: 'Italy', population: 390_600, area_km2: 140.86, elevation_m: 54, timezone: 'Europe/Rome' },
  { city: 'Brno', country: 'Czechia', population: 398_200, area_km2: 230.22, elevation_m: 237, timezone: 'Europe/Prague' },
  { city: 'Tampere', country: 'Finland', population: 255_050, area_km2: 689.59, elevation_m: 110, timezone: 'Europe/Helsinki' },
  { city: 'Bergen', country: 'Norway', population: 289_300, area_km2: 445.0, elevation_m: 12, timezone: 'Europe/Oslo' },
  { city: 'Ljubljana', country: 'Slovenia', population: 295_500, area_km2: 163.8, elevation_m: 295, timezone: 'Europe/Ljubljana' },
  { city: 'Antwerp', country: 'Belgium', population: 536_100, area_km2: 204.51, elevation_m: 8, timezone: 'Europe/Brussels' },
  { city: 'Gdańsk', country: 'Poland', population: 486_000, area_km2: 261.96, elevation_m: 15, timezone: 'Europe/Warsaw' },
  { city: 'Valencia', country: 'Spain', population: 807_700, area_km2: 134.65, elevation_m: 15, timezone: 'Europe/Madrid' },
];

function cityTools(options: ToolSetOptions) {
  return [
    evalTool(
      {
        name: 'get_city_facts',
        description: 'Looks a city up in the city-facts service: its country, population, area, elevation and time zone.',
        inputSchema: z.object({ city: z.string().describe('City name, e.g. "Lyon"') }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: {
            city: { type: 'string' },
            country: { type: 'string' },
            population: { type: 'integer', description: 'Inhabitants' },
            area_km2: { type: 'number', description: 'Area in square kilometres' },
            elevation_m: { type: 'number', description: 'Elevation above sea level, in metres' },
            timezone: { type: 'string', description: 'IANA time zone' },
          },
          required: ['city', 'country', 'population', 'area_km2', 'elevation_m', 'timezone'],
        },
        execute: ({ city }: { city: string }) => {
          const found = CITIES.find((each) => normalize(each.city) === normalize(city));
          if (!found) throw new Error(`Unknown city '${city}': the city-facts service has no record of it.`);
          return { ...found };
        },
      },
      options,
    ),
  ];
}

export const cityDensity: EvalTask = {
  id: 'city-density',
  categories: ['lookup'],
  prompt: 'According to the city-facts service, what is the population density of Graz, in inhabitants per square kilometre? Round it to a whole number.',
  tools: cityTools,
  check: (answer) => hasNumber(answer, 'density of Graz', 2340, 1),
  async solve(call) {
    const facts = await call('get_city_facts', { city: 'Graz' });
    return Math.round(facts.population / facts.area_km2);
  },
};

const TOTAL_CITIES = ['Porto', 'Bologna', 'Atlantis', 'Brno', 'Tampere'];

export const cityPopulationTotal: EvalTask = {
  id: 'city-population-total',
  categories: ['failing-tool'],
  prompt: `What is the combined population of ${TOTAL_CITIES.join(', ')}, according to the city-facts service? Give the exact total. If the service has no record of a city, leave it out of the total and say which city it was.`,
  tools: cityTools,
  // The exact total of the four known cities leaves no room for a made-up figure for the fifth.
  check: (answer) =>
    allOf(hasNumber(answer, 'total of the four known cities', 1_275_650, 0), mentions(answer, 'city without a record', 'Atlantis')),
  async solve(call) {
    let total = 0;
    const missing: string[] = [];
    for (const city of TOTAL_CITIES) {
      try {
        total += (await call('get_city_facts', { city })).population;
      } catch {
        missing.push(city);
      }
    }
    return `${total} (no record of ${missing.join(', ')})`;
  },
};
