// The tool 'days_between', written by smolagents-ts 0.1.0 from an inline tool({...}).
// Plain JavaScript without imports: it can run in the QuickJS sandbox or in the host process.
export default {
  name: "days_between",
  description: "Counts the days from one ISO date (YYYY-MM-DD) to another.",
  inputSchema: {
    "type": "object",
    "properties": {
      "start": {
        "type": "string",
        "description": "First day, e.g. 2025-07-01"
      },
      "end": {
        "type": "string",
        "description": "Last day"
      }
    },
    "required": [
      "start",
      "end"
    ]
  },
  outputType: "integer",
  execute: ({start,end})=>Math.round((Date.parse(end)-Date.parse(start))/864e5),
};
