/** The task set, in the order the runner runs it. */
import type { EvalTask } from '../task.js';
import { authorBibliography, bookByIsbn } from './books.js';
import { cityDensity, cityPopulationTotal } from './cities.js';
import { shippedRevenue } from './orders.js';
import { basketTotal, yenConversion } from './shop.js';
import { cheapestFlightWeek, trainBeforeDeadline } from './travel.js';
import { metricProfile } from './units.js';
import { warmestCityWeek } from './weather.js';

export const EVAL_TASKS: readonly EvalTask[] = [
  cityDensity,
  bookByIsbn,
  basketTotal,
  shippedRevenue,
  warmestCityWeek,
  cheapestFlightWeek,
  cityPopulationTotal,
  yenConversion,
  trainBeforeDeadline,
  metricProfile,
  authorBibliography,
];
