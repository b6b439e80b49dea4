/**
 * What the model (or its code) reads when a person refused a tool call that needed approval
 * (docs/durable-runs.md). The reason, when given, follows in `reasonFragment`.
 */
export const durableMessages = {
  approvalRejected: "The call to '{{tool}}' was not approved, so it did not run.{{reason}}",
  reasonFragment: ' Reason given: {{reason}}',
  /** A tool's `needsApproval` rule threw: the call does not run. */
  approvalRuleFailed: "Could not decide whether the call to '{{tool}}' needs approval: {{message}}",
} as const;
