/**
 * A product catalogue priced in the suppliers' currencies and an exchange-rate service that quotes
 * every currency against the euro only (a cross rate makes it throw), and the tasks that use them.
 */
import { z } from 'zod';
import { hasNumber } from '../check.js';
import { evalTool, type EvalTask, type ToolSetOptions } from '../task.js';

/** Units of each currency per euro, on the service's one quotation day. */
const PER_EURO: Record<string, number> = { EUR: 1, USD: 1.0842, GBP: 0.8531, JPY: 163.27, CHF: 0.9612, NOK: 11.482, SEK: 11.236 };
const QUOTED_ON = '2024-05-02';

interface Product {
  sku: string;
  name: string;
  price: { amount: number; currency: string };
  supplier: string;
  in_stock: number;
}

const PRODUCTS: Product[] = [
  { sku: 'KB-2041', name: 'Mechanical keyboard, tenkeyless', price: { amount: 89.9, currency: 'USD' }, supplier: 'Keyforge Inc.', in_stock: 42 },
  { sku: 'MS-1187', name: 'Wireless mouse', price: { amount: 34.5, currency: 'GBP' }, supplier: 'Pointer Ltd', in_stock: 130 },
  { sku: 'HD-0932', name: 'USB-C hub, 7 ports', price: { amount: 4980, currency: 'JPY' }, supplier: 'Kanto Devices', in_stock: 18 },
  { sku: 'MN-2710', name: '27-inch monitor', price: { amount: 249, currency: 'CHF' }, supplier: 'Alpenbild AG', in_stock: 7 },
  { sku: 'CB-0045', name: 'Braided USB-C cable, 2 m', price: { amount: 12.99, currency: 'EUR' }, supplier: 'Kabelwerk GmbH', in_stock: 560 },
  { sku: 'LS-3302', name: 'Aluminium laptop stand', price: { amount: 399, currency: 'SEK' }, supplier: 'Nordform AB', in_stock: 25 },
  { sku: 'WC-1450', name: '1080p webcam', price: { amount: 52, currency: 'USD' }, supplier: 'Keyforge Inc.', in_stock: 64 },
];

function rate(from: string, to: string): number {
  return Math.round((PER_EURO[to]! / PER_EURO[from]!) * 1e6) / 1e6;
}

function shopTools(options: ToolSetOptions) {
  return [
    evalTool(
      {
        name: 'get_product',
        description: "A product of the catalogue by SKU: its name, its supplier's price (in the supplier's currency) and the stock.",
        inputSchema: z.object({ sku: z.string().describe('Stock-keeping unit, e.g. "AB-1234"') }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: {
            sku: { type: 'string' },
            name: { type: 'string' },
            price: {
              type: 'object',
              properties: { amount: { type: 'number' }, currency: { type: 'string', description: 'ISO 4217 code' } },
              required: ['amount', 'currency'],
            },
            supplier: { type: 'string' },
            in_stock: { type: 'integer', description: 'Units in stock' },
          },
          required: ['sku', 'name', 'price', 'supplier', 'in_stock'],
        },
        execute: ({ sku }: { sku: string }) => {
          const found = PRODUCTS.find((product) => product.sku === sku.trim().toUpperCase());
          if (!found) throw new Error(`No product with SKU '${sku}'.`);
          return { ...found, price: { ...found.price } };
        },
      },
      options,
    ),
    evalTool(
      {
        name: 'get_exchange_rate',
        description: 'The exchange rate between two currencies (ISO 4217 codes): how many units of `to` one unit of `from` buys.',
        inputSchema: z.object({ from: z.string().describe('e.g. "USD"'), to: z.string().describe('e.g. "EUR"') }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: {
            from: { type: 'string' },
            to: { type: 'string' },
            rate: { type: 'number', description: 'Units of `to` per unit of `from`' },
            as_of: { type: 'string', description: 'Quotation date, YYYY-MM-DD' },
          },
          required: ['from', 'to', 'rate', 'as_of'],
        },
        execute: ({ from, to }: { from: string; to: string }) => {
          const [source, target] = [from.trim().toUpperCase(), to.trim().toUpperCase()];
          for (const code of [source, target]) if (!(code in PER_EURO)) throw new Error(`Unknown currency '${code}'.`);
          if (source !== 'EUR' && target !== 'EUR' && source !== target) {
            throw new Error(`No direct rate between ${source} and ${target}: this service quotes every currency against EUR only.`);
          }
          return { from: source, to: target, rate: rate(source, target), as_of: QUOTED_ON };
        },
      },
      options,
    ),
  ];
}

const BASKET: [sku: string, quantity: number][] = [
  ['KB-2041', 2],
  ['MS-1187', 1],
  ['HD-0932', 3],
  ['MN-2710', 1],
  ['CB-0045', 4],
  ['LS-3302', 2],
];

export const basketTotal: EvalTask = {
  id: 'basket-total',
  categories: ['loop'],
  prompt: `My order: ${BASKET.map(([sku, quantity]) => `${quantity} × ${sku}`).join(', ')}. What does it cost in total in euros, at the exchange-rate service's rates? Round to the cent.`,
  tools: shopTools,
  // Rounding each line to the cent before adding is fine; a missed or doubled line is not.
  check: (answer) => hasNumber(answer, 'total in EUR', 679.82, 0.05),
  async solve(call) {
    let total = 0;
    for (const [sku, quantity] of BASKET) {
      const product = await call('get_product', { sku });
      const { rate: toEuro } = await call('get_exchange_rate', { from: product.price.currency, to: 'EUR' });
      total += product.price.amount * quantity * toEuro;
    }
    return `€${total.toFixed(2)}`;
  },
};

export const yenConversion: EvalTask = {
  id: 'yen-conversion',
  categories: ['failing-tool'],
  prompt: 'How many Japanese yen do 1,250 Norwegian kroner buy at the rates of the exchange-rate service? Round to a whole yen.',
  tools: shopTools,
  check: (answer) => hasNumber(answer, 'amount in JPY', 17_775, 1),
  async solve(call) {
    try {
      return 1250 * (await call('get_exchange_rate', { from: 'NOK', to: 'JPY' })).rate;
    } catch {
      const toEuro = await call('get_exchange_rate', { from: 'NOK', to: 'EUR' });
      const toYen = await call('get_exchange_rate', { from: 'EUR', to: 'JPY' });
      return Math.round(1250 * toEuro.rate * toYen.rate);
    }
  },
};
