/**
 * A daily weather history for summer 2023 (generated from a fixed seed per city and day), with a
 * station outage that makes one day throw, and the task that uses it.
 */
import { z } from 'zod';
import { allOf, hasNumber, mentions, normalize } from '../check.js';
import { seededRandom, seedOf } from '../seeded-random.js';
import { evalTool, type EvalTask, type ToolSetOptions } from '../task.js';

/** Typical July maximum and minimum (°C) and how wet each city is. */
const CLIMATES: Record<string, { max: number; min: number; rainChance: number }> = {
  Bergen: { max: 17.5, min: 11, rainChance: 0.6 },
  Porto: { max: 25, min: 16, rainChance: 0.1 },
  Vienna: { max: 26.5, min: 16.5, rainChance: 0.3 },
  Seville: { max: 35, min: 20, rainChance: 0.02 },
  Tampere: { max: 21, min: 12, rainChance: 0.4 },
};
const FIRST_DAY = '2023-06-01';
const LAST_DAY = '2023-08-31';
/** Days the city's station recorded nothing. */
const OUTAGES = new Set(['Porto 2023-07-12']);

function observation(city: string, date: string) {
  const climate = CLIMATES[city]!;
  const random = seededRandom(seedOf(`${city} ${date}`));
  const round = (value: number) => Math.round(value * 10) / 10;
  const rainy = random() < climate.rainChance;
  return {
    city,
    date,
    temp_max_c: round(climate.max + (random() - 0.5) * 7 - (rainy ? 2 : 0)),
    temp_min_c: round(climate.min + (random() - 0.5) * 5),
    precipitation_mm: rainy ? round(0.2 + random() * 18) : 0,
    wind_kmh: round(5 + random() * 30),
  };
}

function weatherTools(options: ToolSetOptions) {
  return [
    evalTool(
      {
        name: 'get_daily_weather',
        description: `What the weather station of a city recorded on one day (${FIRST_DAY} to ${LAST_DAY} are on file): temperatures, precipitation and wind.`,
        inputSchema: z.object({
          city: z.string().describe('City name, e.g. "Vienna"'),
          date: z.string().describe('Day, YYYY-MM-DD'),
        }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: {
            city: { type: 'string' },
            date: { type: 'string' },
            temp_max_c: { type: 'number', description: 'Highest temperature of the day, °C' },
            temp_min_c: { type: 'number', description: 'Lowest temperature of the day, °C' },
            precipitation_mm: { type: 'number' },
            wind_kmh: { type: 'number', description: 'Mean wind speed' },
          },
          required: ['city', 'date', 'temp_max_c', 'temp_min_c', 'precipitation_mm', 'wind_kmh'],
        },
        execute: ({ city, date }: { city: string; date: string }) => {
          const known = Object.keys(CLIMATES).find((name) => normalize(name) === normalize(city));
          if (!known) throw new Error(`No weather station on file for '${city}'.`);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new Error(`'${date}' is not a date in the form YYYY-MM-DD.`);
          if (date < FIRST_DAY || date > LAST_DAY) throw new Error(`No records for ${date}: the history covers ${FIRST_DAY} to ${LAST_DAY}.`);
          if (OUTAGES.has(`${known} ${date}`)) throw new Error(`No observation for ${known} on ${date}: the station was out of service.`);
          return observation(known, date);
        },
      },
      options,
    ),
  ];
}

const WEEK_CITIES = ['Bergen', 'Porto', 'Vienna'];
const WEEK = ['2023-07-10', '2023-07-11', '2023-07-12', '2023-07-13', '2023-07-14', '2023-07-15', '2023-07-16'];

export const warmestCityWeek: EvalTask = {
  id: 'warmest-city-week',
  categories: ['loop', 'failing-tool'],
  prompt:
    `Using the daily weather history, which of ${WEEK_CITIES.join(', ')} had the highest average daily maximum temperature from 10 to 16 July 2023 (both days included)? ` +
    "Give each city's average, over the days that have a record, to one decimal place.",
  tools: weatherTools,
  // The three averages carry the facts (counting the missing day as 0, or dividing by 7, gives another
  // Porto figure); an answer with all three right and the warmest city named is a success.
  check: (answer) =>
    allOf(
      mentions(answer, 'warmest city', 'Vienna'),
      hasNumber(answer, 'Bergen average', 15.6, 0.06),
      hasNumber(answer, 'Porto average', 24.8, 0.06),
      hasNumber(answer, 'Vienna average', 26.9, 0.06),
    ),
  async solve(call) {
    const averages: Record<string, number> = {};
    for (const city of WEEK_CITIES) {
      const maxima: number[] = [];
      for (const date of WEEK) {
        try {
          maxima.push((await call('get_daily_weather', { city, date })).temp_max_c);
        } catch {
          // a day without a record is left out of the average
        }
      }
      averages[city] = Math.round((maxima.reduce((sum, value) => sum + value, 0) / maxima.length) * 10) / 10;
    }
    const [warmest] = Object.entries(averages).sort((a, b) => b[1] - a[1]);
    return `${warmest![0]} was the warmest. Averages: ${Object.entries(averages).map(([city, value]) => `${city} ${value.toFixed(1)} °C`).join(', ')}`;
  },
};
