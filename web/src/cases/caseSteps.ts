// Which steps of the loop a viewer may take on a case in its status: the same rules as the server's access table
// and lifecycle (the server decides; this only keeps forms that would be refused off the page).
import type { Role } from "../staff/api";
import type { Case, StepName } from "./casesApi";

const byStatus: Record<string, readonly StepName[]> = {
  new: ["route", "classify", "reply", "merge"],
  routed: ["answer", "return", "route", "classify"],
  answered: ["approve", "reject", "classify"],
  published: ["classify"],
  closed: ["classify"],
  merged: ["unmerge"],
};

const byRole: Record<Role, readonly StepName[]> = {
  admin: ["classify", "merge", "route", "reply", "answer", "approve", "reject", "adopt", "unmerge"],
  analyst: ["classify", "merge", "route", "reply", "approve", "reject", "adopt", "unmerge"],
  handler: ["return", "answer"],
  leader: [],
  collector: [],
};

export function stepsFor(role: Role, c: Case): StepName[] {
  const steps = [...(byStatus[c.status] ?? [])];
  // Adoption is recorded apart from approval once the answer is out, or to correct it.
  if (c.category === "suggestion" && c.status !== "merged") steps.push("adopt");
  return steps.filter((s) => byRole[role].includes(s));
}
