/** A library catalogue (invented books and authors), searchable by page, and the tasks that use it. */
import { z } from 'zod';
import { allOf, asNumber, fail, hasNumber, mentions, normalize, parseStructured, pass } from '../check.js';
import { evalTool, type EvalTask, type ToolSetOptions } from '../task.js';

interface BookRecord {
  isbn: string;
  title: string;
  author: string;
  first_published: number;
  /** The year of the edition the library holds, often a reprint. */
  edition_year: number;
  publisher: string;
  pages: number;
  subjects: string[];
}

const BOOKS: BookRecord[] = [
  { isbn: '978-0-7418-2290-5', title: 'The Weight of Lanterns', author: 'Halvard Brekke', first_published: 1964, edition_year: 2011, publisher: 'Northbound Press', pages: 312, subjects: ['fiction', 'fishing villages'] },
  { isbn: '978-0-7418-3104-4', title: 'Ice on the Sound', author: 'Halvard Brekke', first_published: 1971, edition_year: 1971, publisher: 'Northbound Press', pages: 254, subjects: ['fiction'] },
  { isbn: '978-1-5520-0417-8', title: 'The Salt Road to Kazan', author: 'Ines Varga', first_published: 1978, edition_year: 2004, publisher: 'Meridian Books', pages: 401, subjects: ['travel', 'history'] },
  { isbn: '978-1-5520-0522-9', title: 'Winter Orchard', author: 'Ines Varga', first_published: 1983, edition_year: 1983, publisher: 'Meridian Books', pages: 188, subjects: ['fiction'] },
  { isbn: '978-1-5520-0688-2', title: 'A Ledger of Small Rivers', author: 'Ines Varga', first_published: 1986, edition_year: 1999, publisher: 'Meridian Books', pages: 276, subjects: ['essays', 'nature'] },
  { isbn: '978-1-5520-0901-2', title: 'Glass Harbour', author: 'Ines Varga', first_published: 1991, edition_year: 1991, publisher: 'Meridian Books', pages: 330, subjects: ['fiction'] },
  { isbn: '978-1-5520-1137-4', title: "The Cartographer's Daughter", author: 'Ines Varga', first_published: 1995, edition_year: 2002, publisher: 'Meridian Books', pages: 452, subjects: ['fiction', 'maps'] },
  { isbn: '978-1-5520-1460-3', title: 'Notes from the Lower Town', author: 'Ines Varga', first_published: 2001, edition_year: 2001, publisher: 'Harrow & Finch', pages: 219, subjects: ['essays'] },
  { isbn: '978-1-5520-1873-1', title: 'Quiet Engines', author: 'Ines Varga', first_published: 2009, edition_year: 2009, publisher: 'Harrow & Finch', pages: 298, subjects: ['fiction', 'industry'] },
  { isbn: '978-1-5520-2215-8', title: 'Bright Hours', author: 'Ines Varga', first_published: 2016, edition_year: 2016, publisher: 'Harrow & Finch', pages: 244, subjects: ['fiction'] },
  { isbn: '978-2-8811-0045-6', title: 'Border Songs', author: 'Tomas Varga', first_published: 1989, edition_year: 1989, publisher: 'Pannon', pages: 150, subjects: ['poetry'] },
  { isbn: '978-2-8811-0139-2', title: 'The Ferryman Waits', author: 'Tomas Varga', first_published: 1993, edition_year: 2008, publisher: 'Pannon', pages: 207, subjects: ['fiction'] },
  { isbn: '978-3-1620-4471-0', title: 'Counting Swallows', author: 'Amara Oduya', first_published: 2005, edition_year: 2005, publisher: 'Lakeside', pages: 266, subjects: ['nature'] },
  { isbn: '978-3-1620-4590-8', title: 'The Long Field', author: 'Amara Oduya', first_published: 2012, edition_year: 2013, publisher: 'Lakeside', pages: 341, subjects: ['fiction', 'farming'] },
  { isbn: '978-3-1620-4733-9', title: 'Rain Ledger', author: 'Amara Oduya', first_published: 2019, edition_year: 2019, publisher: 'Lakeside', pages: 198, subjects: ['essays', 'climate'] },
  { isbn: '978-4-0027-1185-3', title: 'Iron Tea', author: 'Kenji Halloran', first_published: 1998, edition_year: 2015, publisher: 'Eastgate', pages: 289, subjects: ['history', 'trade'] },
  { isbn: '978-4-0027-1302-4', title: 'A Map of Steam', author: 'Kenji Halloran', first_published: 2003, edition_year: 2003, publisher: 'Eastgate', pages: 377, subjects: ['history', 'railways'] },
  { isbn: '978-5-3349-0776-1', title: 'Letters to a Lighthouse', author: 'Sofia Almeida Ruiz', first_published: 1987, edition_year: 1994, publisher: 'Atlântico', pages: 162, subjects: ['fiction', 'letters'] },
  { isbn: '978-5-3349-0811-9', title: 'The Tidal Clock', author: 'Sofia Almeida Ruiz', first_published: 2010, edition_year: 2010, publisher: 'Atlântico', pages: 233, subjects: ['fiction'] },
  { isbn: '978-6-2210-0063-5', title: 'Ninety Bridges', author: 'Piet Vermeulen', first_published: 1976, edition_year: 2000, publisher: 'Delta Uitgevers', pages: 310, subjects: ['architecture'] },
];

const PAGE_SIZE = 5;
const compactIsbn = (isbn: string) => isbn.replace(/[\s-]/g, '');

const summarySchema = {
  type: 'object',
  properties: { isbn: { type: 'string' }, title: { type: 'string' }, author: { type: 'string' }, first_published: { type: 'integer' } },
  required: ['isbn', 'title', 'author', 'first_published'],
};

function bookTools(options: ToolSetOptions) {
  return [
    evalTool(
      {
        name: 'get_book',
        description: "The library's full record of one book, by ISBN (hyphens optional).",
        inputSchema: z.object({ isbn: z.string().describe('ISBN-13, e.g. "978-0-00-000000-0"') }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: {
            ...summarySchema.properties,
            edition_year: { type: 'integer', description: 'Year of the edition the library holds' },
            publisher: { type: 'string' },
            pages: { type: 'integer' },
            subjects: { type: 'array', items: { type: 'string' } },
          },
          required: [...summarySchema.required, 'edition_year', 'publisher', 'pages', 'subjects'],
        },
        execute: ({ isbn }: { isbn: string }) => {
          const found = BOOKS.find((book) => compactIsbn(book.isbn) === compactIsbn(isbn));
          if (!found) throw new Error(`No book with ISBN '${isbn}' in the catalogue.`);
          return { ...found, subjects: [...found.subjects] };
        },
      },
      options,
    ),
    evalTool(
      {
        name: 'search_books',
        description: `Searches the library catalogue by author and/or title (case-insensitive, partial matches). Results come sorted by title, ${PAGE_SIZE} per page.`,
        inputSchema: z.object({
          author: z.string().optional().describe('Part of the author name'),
          title: z.string().optional().describe('Part of the title'),
          page: z.number().int().min(1).default(1).describe('Page number, from 1'),
        }),
        outputType: 'object',
        outputSchema: {
          type: 'object',
          properties: {
            results: { type: 'array', items: summarySchema },
            page: { type: 'integer' },
            total_pages: { type: 'integer' },
            total_results: { type: 'integer' },
          },
          required: ['results', 'page', 'total_pages', 'total_results'],
        },
        execute: ({ author, title, page }: { author?: string; title?: string; page: number }) => {
          if (!author && !title) throw new Error('Give an author or a title to search for.');
          const matches = BOOKS.filter(
            (book) => (!author || normalize(book.author).includes(normalize(author))) && (!title || normalize(book.title).includes(normalize(title))),
          ).sort((a, b) => a.title.localeCompare(b.title, 'en'));
          const results = matches
            .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
            .map(({ isbn, title: bookTitle, author: bookAuthor, first_published }) => ({ isbn, title: bookTitle, author: bookAuthor, first_published }));
          return { results, page, total_pages: Math.max(1, Math.ceil(matches.length / PAGE_SIZE)), total_results: matches.length };
        },
      },
      options,
    ),
  ];
}

export const bookByIsbn: EvalTask = {
  id: 'book-by-isbn',
  categories: ['lookup'],
  prompt: 'Who wrote the book with ISBN 978-0-7418-2290-5 in our library catalogue, and in which year was it first published?',
  tools: bookTools,
  check: (answer) => allOf(mentions(answer, 'author', 'Halvard Brekke'), hasNumber(answer, 'first published', 1964, 0)),
  async solve(call) {
    const book = await call('get_book', { isbn: '978-0-7418-2290-5' });
    return `${book.author}, first published in ${book.first_published}`;
  },
};

const BIBLIOGRAPHY = [
  { title: 'The Salt Road to Kazan', year: 1978 },
  { title: 'Winter Orchard', year: 1983 },
  { title: 'A Ledger of Small Rivers', year: 1986 },
  { title: 'Glass Harbour', year: 1991 },
  { title: "The Cartographer's Daughter", year: 1995 },
];

const sameTitle = (a: string, b: string) => normalize(a.replace(/[’‘`]/g, "'")) === normalize(b);

export const authorBibliography: EvalTask = {
  id: 'author-bibliography',
  categories: ['structured', 'loop'],
  prompt:
    'List every book by Ines Varga in the library catalogue that was first published before 2000, oldest first. ' +
    'Answer with a JSON array of objects with the keys "title" and "year" (the year of first publication, a number).',
  tools: bookTools,
  check: (answer) => {
    const value = parseStructured(answer);
    if (!Array.isArray(value)) return fail('the answer is not a JSON array');
    if (value.length !== BIBLIOGRAPHY.length) return fail(`expected ${BIBLIOGRAPHY.length} books, got ${value.length}`);
    for (const [index, expected] of BIBLIOGRAPHY.entries()) {
      const item = value[index] as { title?: unknown; year?: unknown } | null;
      if (typeof item?.title !== 'string' || !sameTitle(item.title, expected.title)) {
        return fail(`item ${index + 1}: expected the title '${expected.title}', got ${JSON.stringify(item?.title)}`);
      }
      if (asNumber(item.year) !== expected.year) return fail(`item ${index + 1}: expected the year ${expected.year}, got ${JSON.stringify(item.year)}`);
    }
    return pass('all five books, in order, with their years');
  },
  async solve(call) {
    const found: { title: string; year: number }[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const result = await call('search_books', { author: 'Ines Varga', page });
      pages = result.total_pages;
      for (const book of result.results) if (book.first_published < 2000) found.push({ title: book.title, year: book.first_published });
    }
    return found.sort((a, b) => a.year - b.year);
  },
};
