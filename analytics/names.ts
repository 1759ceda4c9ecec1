// The contract's measure, dimension and filter names, with no dependency, so the web workbench can list them
// without bundling the engine or zod.
export const measureNames = [
  "responses",
  "mean",
  "index",
  "favourable",
  "unfavourable",
  "enps",
  "response_rate",
] as const;

export const filterMembers = ["unit", "topic", "question", "group", "channel", "wave"] as const;

export const fixedDimensions = [
  "unit",
  "topic",
  "question",
  "group",
  "channel",
  "wave",
  "period:month",
  "period:quarter",
  "period:year",
] as const;
