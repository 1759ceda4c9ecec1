// /progress: response progress of each round within the user's scope, for admins, analysts and leaders.
import { StaffPage } from "../staff/StaffPage";
import { ProgressOverview } from "./ProgressOverview";

export function ProgressPage() {
  return <StaffPage path="/progress">{({ units }) => <ProgressOverview scopeUnits={units} />}</StaffPage>;
}
