/**
 * The seed guide's webagent task (section 8.2), pointed at the local shop, and the replies of a
 * scripted model doing it: shared by the end-to-end test and the bench.
 */
import type { RecordedRequest } from './openai-wire-server.js';

/** The seed guide's webagent task (section 8.2), pointed at the local shop. */
export const seedTask = (base: string) =>
  `go to ${base}/men, get to sale section, click the first clothing item you see. Get the product details, and the price, return them. note that I'm shopping from France`;

/** A reply as the code agent's prompt asks for it: a few sentences, then one block fenced with ```js. */
export const code = (thought: string, source: string) => `${thought}\n\`\`\`js\n${source}\n\`\`\``;

/**
 * What a vision model would do, step by step. The URL is read from the task; everything after comes
 * from the pages through the tools: the first clothing item is picked by code from the sale page's
 * text, and the answer is parsed from the product page.
 */
export function seedReplies(request: RecordedRequest, index: number): string {
  const task = JSON.stringify(request.body.messages[1].content);
  const start = /go to (\S+?),/.exec(task)?.[1] ?? 'missing';
  const steps = [
    code('I open the men section.', `console.log(await go_to({ url: ${JSON.stringify(start)} }));`),
    code('The screenshot shows the men page. I go to the sale section.', 'console.log(await click({ text: "Sale" }));'),
    code('A cookie banner covers the page: I close it, then go to the sale.', 'console.log(await close_popups());\nconsole.log(await click({ text: "Sale" }));'),
    code(
      'I find the first clothing item in the list of sale items.',
      [
        'console.log(await find_on_page({ text: "Clothing" }));',
        'const listing = await page_text();',
        'const cards = [...listing.matchAll(/(Clothing|Gift|Accessories)\\s+\\[([^\\]]+)\\]\\(([^)\\s]+)\\)/g)].map((m) => ({ category: m[1], name: m[2], url: m[3] }));',
        'const first = cards.find((card) => card.category === "Clothing");',
        'console.log(cards.map((card) => `${card.category}: ${card.name}`).join("\\n"));',
        'console.log(await click({ text: first.name }));',
      ].join('\n'),
    ),
    code('I set the delivery country to France to get the French price.', 'console.log(await type_text({ text: "France", into: "Delivery country" }));\nconsole.log(await press({ key: "Enter" }));'),
    code(
      'I read the product details and the price off the page.',
      [
        'const page = await page_text();',
        'const product = /^# (.+)$/m.exec(page.split("\\n").slice(3).join("\\n"))[1];',
        'const details = [...page.matchAll(/^- (.+)$/gm)].map((m) => m[1].trim());',
        'const price = /Price: ([^\\n]+)/.exec(page)[1].trim();',
        'const country = /Prices for delivery to ([^(.\\n]+)/.exec(page)[1].trim();',
        'final_answer({ product, details, price, country });',
      ].join('\n'),
    ),
  ];
  return steps[index] ?? 'Done.';
}

