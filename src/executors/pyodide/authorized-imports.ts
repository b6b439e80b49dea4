/**
 * Standard-library modules Python code may import without asking: smolagents' BASE_BUILTIN_MODULES
 * plus a few more pure-computation modules. None of them does I/O on its own.
 */
export const BASE_PYTHON_MODULES: readonly string[] = [
  '__future__',
  'bisect',
  'collections',
  'copy',
  'dataclasses',
  'datetime',
  'decimal',
  'enum',
  'fractions',
  'functools',
  'heapq',
  'itertools',
  'json',
  'math',
  'operator',
  'queue',
  'random',
  're',
  'stat',
  'statistics',
  'string',
  'textwrap',
  'time',
  'typing',
  'unicodedata',
];

/**
 * Modules refused even when the user allows '*': they are the bridges from Python to the
 * JavaScript of the process around it, which is exactly what the sandbox keeps out of reach.
 */
export const HARD_DENIED_PYTHON_MODULES: readonly string[] = ['js', 'pyodide', 'pyodide_js', '_pyodide', 'micropip'];
