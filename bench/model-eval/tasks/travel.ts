/**
 * A flight search (fares generated from a fixed seed per route and day) and a rail timetable that
 * takes station codes only (a station name makes it throw), and the tasks that use them.
 */
import { z } from 'zod';
import { allOf, hasNumber, mentionsCode, mentionsDate, normalize } from '../check.js';
import { pick, seededRandom, seedOf } from '../seeded-random.js';
import { evalTool, type EvalTask, type ToolSetOptions } from '../task.js';

const AIRPORTS = ['LIS', 'OSL', 'AMS', 'MAD', 'CPH', 'BER', 'VIE'];
const HUBS = ['AMS', 'CPH', 'MAD', 'BER'];
const CARRIERS = ['TP', 'SK', 'DY', 'KL', 'IB'];

function flightsOn(origin: string, destination: string, date: string) {
  const random = seededRandom(seedOf(`${origin}>${destination} ${date}`));
  const count = 3 + Math.floor(random() * 3);
  const time = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const flights = [];
  for (let index = 0; index < count; index++) {
    const stops = random() < 0.45 ? 1 : 0;
    const departure = 6 * 60 + Math.floor(random() * 15 * 12) * 5;
    const duration = stops === 0 ? 235 + Math.floor(random() * 4) * 5 : 330 + Math.floor(random() * 30) * 5;
    const carrier = pick(random, CARRIERS);
    flights.push({
      flight_number: `${carrier} ${100 + Math.floor(random() * 1900)}`,
      departure_time: time(departure),
      arrival_time: time(departure + duration + 60), // Oslo is one hour ahead of Lisbon
      stops,
      via: stops === 0 ? null : pick(random, HUBS.filter((hub) => hub !== origin && hub !== destination)),
      price_eur: Math.round((stops === 0 ? 140 : 95) + random() * 180),
    });
  }
  return flights.sort((a, b) => a.departure_time.localeCompare(b.departure_time));
}

const flightSchema = {
  type: 'object',
  properties: {
    flight_number: { type: 'string' },
    departure_time: { type: 'string', description: 'Local time at the origin, HH:MM' },
    arrival_time: { type: 'string', description: 'Local time at the destination, HH:MM' },
    stops: { type: 'integer' },
    via: { type: ['string', 'null'], description: 'Connecting airport, if any' },
    price_eur: { type: 'number' },
  },
  required: ['flight_number', 'departure_time', 'arrival_time', 'stops', 'via', 'price_eur'],
};

function flightTools(options: ToolSetOptions) {
  return [
    evalTool(
      {
        name: 'search_flights',
        description: 'Flights between two airports on one day of June 2024, with their times, stops and fares.',
        inputSchema: z.object({
          origin: z.string().describe('IATA airport code, e.g. "AMS"'),
          destination: z.string().describe('IATA airport code'),
          date: z.string().describe('Departure day, YYYY-MM-DD'),
        }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: { origin: { type: 'string' }, destination: { type: 'string' }, date: { type: 'string' }, flights: { type: 'array', items: flightSchema } },
          required: ['origin', 'destination', 'date', 'flights'],
        },
        execute: ({ origin, destination, date }: { origin: string; destination: string; date: string }) => {
          for (const code of [origin, destination]) {
            if (!AIRPORTS.includes(code)) throw new Error(`Unknown airport code '${code}'. Known airports: ${AIRPORTS.join(', ')}.`);
          }
          if (!/^2024-06-(0[1-9]|[12]\d|30)$/.test(date)) throw new Error(`No schedule for '${date}': only days of June 2024 (YYYY-MM-DD) are on sale.`);
          return { origin, destination, date, flights: origin === destination ? [] : flightsOn(origin, destination, date) };
        },
      },
      options,
    ),
  ];
}

const FLIGHT_DAYS = ['2024-06-03', '2024-06-04', '2024-06-05', '2024-06-06', '2024-06-07', '2024-06-08', '2024-06-09'];

export const cheapestFlightWeek: EvalTask = {
  id: 'cheapest-flight-week',
  categories: ['loop'],
  prompt:
    'I want to fly nonstop from Lisbon (LIS) to Oslo (OSL), leaving on any day from 3 to 9 June 2024. ' +
    'Which nonstop flight is the cheapest? Give its date, flight number and fare.',
  tools: flightTools,
  check: (answer) => allOf(mentionsCode(answer, 'flight', 'IB 1207'), mentionsDate(answer, 'date', '2024-06-07'), hasNumber(answer, 'fare', 144, 0)),
  async solve(call) {
    let best: { date: string; flight_number: string; price_eur: number } | undefined;
    for (const date of FLIGHT_DAYS) {
      const { flights } = await call('search_flights', { origin: 'LIS', destination: 'OSL', date });
      for (const flight of flights) {
        if (flight.stops === 0 && (!best || flight.price_eur < best.price_eur)) best = { date, ...flight };
      }
    }
    return `${best!.flight_number} on ${best!.date}, €${best!.price_eur}`;
  },
};

interface Station {
  code: string;
  name: string;
  city: string;
}

const STATIONS: Station[] = [
  { code: 'NL-ASD', name: 'Amsterdam Centraal', city: 'Amsterdam' },
  { code: 'NL-ASDZ', name: 'Amsterdam Zuid', city: 'Amsterdam' },
  { code: 'NL-RTD', name: 'Rotterdam Centraal', city: 'Rotterdam' },
  { code: 'BE-ANT', name: 'Antwerpen-Centraal', city: 'Antwerp' },
  { code: 'BE-BMI', name: 'Bruxelles-Midi / Brussel-Zuid', city: 'Brussels' },
  { code: 'BE-BCE', name: 'Bruxelles-Central / Brussel-Centraal', city: 'Brussels' },
  { code: 'FR-PNO', name: 'Paris Nord', city: 'Paris' },
];

interface Service {
  from: string;
  to: string;
  train_number: string;
  departs: string;
  arrives: string;
  changes: number;
  fare_eur: number;
  /** Days it runs, 0 = Sunday. */
  days: number[];
}

const DAILY = [0, 1, 2, 3, 4, 5, 6];
const SERVICES: Service[] = [
  { from: 'NL-ASD', to: 'BE-BMI', train_number: 'ES 9107', departs: '06:16', arrives: '08:05', changes: 0, fare_eur: 59, days: DAILY },
  { from: 'NL-ASD', to: 'BE-BMI', train_number: 'IC 9215', departs: '06:48', arrives: '09:40', changes: 1, fare_eur: 32.5, days: [1, 2, 3, 4, 5] },
  { from: 'NL-ASD', to: 'BE-BMI', train_number: 'ES 9111', departs: '07:16', arrives: '09:05', changes: 0, fare_eur: 79, days: DAILY },
  { from: 'NL-ASD', to: 'BE-BMI', train_number: 'IC 9219', departs: '07:48', arrives: '10:40', changes: 1, fare_eur: 32.5, days: [1, 2, 3, 4, 5] },
  { from: 'NL-ASD', to: 'BE-BMI', train_number: 'ES 9115', departs: '08:16', arrives: '10:05', changes: 0, fare_eur: 89, days: [0, 1, 4, 5, 6] },
  { from: 'NL-ASD', to: 'BE-BMI', train_number: 'ES 9119', departs: '09:16', arrives: '11:05', changes: 0, fare_eur: 69, days: DAILY },
  { from: 'NL-ASD', to: 'BE-BMI', train_number: 'IC 9227', departs: '09:48', arrives: '12:40', changes: 1, fare_eur: 32.5, days: [1, 2, 3, 4, 5] },
  { from: 'NL-ASD', to: 'BE-BCE', train_number: 'IC 9323', departs: '08:40', arrives: '10:52', changes: 1, fare_eur: 36, days: [1, 2, 3, 4, 5] },
  { from: 'NL-ASDZ', to: 'BE-BMI', train_number: 'ES 9161', departs: '08:30', arrives: '10:12', changes: 0, fare_eur: 75, days: [1, 2, 3, 4, 5] },
  { from: 'NL-ASD', to: 'FR-PNO', train_number: 'ES 9313', departs: '07:16', arrives: '10:35', changes: 0, fare_eur: 115, days: DAILY },
];

function trainTools(options: ToolSetOptions) {
  const checkCode = (code: string) => {
    if (!STATIONS.some((station) => station.code === code)) {
      throw new Error(`Unknown station code '${code}'. Codes look like 'XX-ABC'; find them with search_stations.`);
    }
  };
  return [
    evalTool(
      {
        name: 'search_stations',
        description: 'Finds railway stations whose name or city contains the query.',
        inputSchema: z.object({ query: z.string().describe('Part of a station or city name') }),
        outputType: 'array',
        outputSchema: {
          type: 'array',
          items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, city: { type: 'string' } }, required: ['code', 'name', 'city'] },
        },
        execute: ({ query }: { query: string }) =>
          STATIONS.filter((station) => normalize(`${station.name} ${station.city}`).includes(normalize(query))).map((station) => ({ ...station })),
      },
      options,
    ),
    evalTool(
      {
        name: 'find_trains',
        description: 'The trains from one station to another on a given day, in departure order (local times).',
        inputSchema: z.object({
          from: z.string().describe('Station code of departure'),
          to: z.string().describe('Station code of arrival'),
          date: z.string().describe('Travel day, YYYY-MM-DD'),
        }),
        outputType: 'array',
        outputSchema: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              train_number: { type: 'string' },
              departs: { type: 'string', description: 'HH:MM' },
              arrives: { type: 'string', description: 'HH:MM' },
              changes: { type: 'integer' },
              fare_eur: { type: 'number', description: 'Standard second-class fare' },
            },
            required: ['train_number', 'departs', 'arrives', 'changes', 'fare_eur'],
          },
        },
        execute: ({ from, to, date }: { from: string; to: string; date: string }) => {
          checkCode(from);
          checkCode(to);
          const day = new Date(`${date}T12:00:00Z`);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(day.getTime())) throw new Error(`'${date}' is not a date in the form YYYY-MM-DD.`);
          return SERVICES.filter((service) => service.from === from && service.to === to && service.days.includes(day.getUTCDay())).map(
            ({ train_number, departs, arrives, changes, fare_eur }) => ({ train_number, departs, arrives, changes, fare_eur }),
          );
        },
      },
      options,
    ),
  ];
}

export const trainBeforeDeadline: EvalTask = {
  id: 'train-before-deadline',
  categories: ['failing-tool'],
  prompt:
    'I am travelling from Amsterdam Centraal to Brussels-Midi on Tuesday 14 May 2024 and must arrive by 11:00. ' +
    'Which train that gets me there in time leaves Amsterdam the latest, and what is its fare?',
  tools: trainTools,
  check: (answer) => allOf(mentionsCode(answer, 'train', 'IC 9219'), hasNumber(answer, 'fare', 32.5, 0.001)),
  async solve(call) {
    let trains;
    try {
      trains = await call('find_trains', { from: 'Amsterdam Centraal', to: 'Brussels-Midi', date: '2024-05-14' });
    } catch {
      const [from] = await call('search_stations', { query: 'Amsterdam Centraal' });
      const [to] = await call('search_stations', { query: 'Midi' });
      trains = await call('find_trains', { from: from.code, to: to.code, date: '2024-05-14' });
    }
    const inTime = trains.filter((train: { arrives: string }) => train.arrives <= '11:00');
    const latest = inTime[inTime.length - 1];
    return `${latest.train_number}, leaving ${latest.departs}, fare €${latest.fare_eur.toFixed(2)}`;
  },
};
