/** An orders database read page by page (generated from a fixed seed), and the task that uses it. */
import { z } from 'zod';
import { allOf, hasNumber, mentions } from '../check.js';
import { pick, seededRandom } from '../seeded-random.js';
import { evalTool, type EvalTask, type ToolSetOptions } from '../task.js';

const STATUSES = ['shipped', 'pending', 'cancelled', 'returned'] as const;
type OrderStatus = (typeof STATUSES)[number];

interface Order {
  order_id: string;
  customer: string;
  order_date: string;
  status: OrderStatus;
  items: number;
  total_eur: number;
}

const CUSTOMERS = ['Brightwell Cafés', 'Osei Architects', 'Lindqvist & Sons', 'Nakamura Studio', 'Ferreira Logistics', 'Hollis Dental', 'Moreau Bakery', 'Kowalski IT'];
const PAGE_SIZE = 15;

/** 130 orders from February to April 2024, most of them shipped, in date order. */
function generateOrders(): Order[] {
  const random = seededRandom(20240305);
  const orders: Order[] = [];
  for (let index = 0; index < 130; index++) {
    const month = 2 + Math.floor(random() * 3);
    const day = 1 + Math.floor(random() * (month === 2 ? 29 : month === 3 ? 31 : 30));
    const roll = random();
    const status: OrderStatus = roll < 0.7 ? 'shipped' : roll < 0.82 ? 'pending' : roll < 0.93 ? 'cancelled' : 'returned';
    orders.push({
      order_id: '',
      customer: pick(random, CUSTOMERS),
      order_date: `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      status,
      items: 1 + Math.floor(random() * 9),
      total_eur: Math.round(1500 + random() * 60_000) / 100,
    });
  }
  orders.sort((a, b) => a.order_date.localeCompare(b.order_date));
  orders.forEach((order, index) => (order.order_id = `ORD-${String(10_401 + index)}`));
  return orders;
}

const ORDERS = generateOrders();

function orderTools(options: ToolSetOptions) {
  return [
    evalTool(
      {
        name: 'list_orders',
        description: `Lists the orders in the database, oldest first, ${PAGE_SIZE} per page; optionally only those with one status.`,
        inputSchema: z.object({
          page: z.number().int().min(1).default(1).describe('Page number, from 1'),
          status: z.enum(STATUSES).optional().describe('Only orders with this status'),
        }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: {
            orders: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  order_id: { type: 'string' },
                  customer: { type: 'string' },
                  order_date: { type: 'string', description: 'YYYY-MM-DD' },
                  status: { type: 'string', enum: [...STATUSES] },
                  items: { type: 'integer' },
                  total_eur: { type: 'number' },
                },
                required: ['order_id', 'customer', 'order_date', 'status', 'items', 'total_eur'],
              },
            },
            page: { type: 'integer' },
            total_pages: { type: 'integer' },
          },
          required: ['orders', 'page', 'total_pages'],
        },
        execute: ({ page, status }: { page: number; status?: OrderStatus }) => {
          const matching = ORDERS.filter((order) => !status || order.status === status);
          const orders = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((order) => ({ ...order }));
          return { orders, page, total_pages: Math.max(1, Math.ceil(matching.length / PAGE_SIZE)) };
        },
      },
      options,
    ),
  ];
}

export const shippedRevenue: EvalTask = {
  id: 'shipped-revenue',
  categories: ['loop'],
  prompt:
    'Look at the orders placed in March 2024 that have the status "shipped". What is their total value in euros (to the cent), ' +
    'and which customer placed the most of them?',
  tools: orderTools,
  check: (answer) =>
    allOf(hasNumber(answer, 'total of shipped March orders', 9045.14, 0.01), mentions(answer, 'customer with the most', 'Brightwell Cafés')),
  async solve(call) {
    let total = 0;
    const counts = new Map<string, number>();
    for (let page = 1, pages = 1; page <= pages; page++) {
      const result = await call('list_orders', { page, status: 'shipped' });
      pages = result.total_pages;
      for (const order of result.orders) {
        if (!order.order_date.startsWith('2024-03')) continue;
        total += order.total_eur;
        counts.set(order.customer, (counts.get(order.customer) ?? 0) + 1);
      }
    }
    const [top] = [...counts].sort((a, b) => b[1] - a[1]);
    return `€${total.toFixed(2)}; most orders: ${top![0]} (${top![1]})`;
  },
};
